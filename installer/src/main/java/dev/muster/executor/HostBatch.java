package dev.muster.executor;

import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.UnreachableException;
import dev.muster.module.ExecResult;
import dev.muster.module.script.BatchFrames;
import dev.muster.module.script.BatchScript;
import dev.muster.module.script.ModuleScript;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * One host's share of a round: its planned tasks, run in order with as few round trips as possible (usually
 * one), each task's outcome completed as soon as its frame (or its last loop item's) arrives. Steps settled in
 * planning (skipped, local) complete in their place between the remote ones. The host stops at its first
 * failure, as in the linear strategy; when the driver ended early for another reason (a task ended at its
 * deadline whose error is ignored), the rest goes in a new round trip.
 */
final class HostBatch {

    /**
     * A task's outcome on this host, how long it took, its loop items' results (empty without a loop), whether
     * the outcome is a loop's summary, and its -vvv detail (scripts and output), which the reporter shows under
     * the task's header. {@code outcome.status()} is null for a task not run.
     */
    record Result(HostOutcome outcome, long millis, List<ItemResult> items, boolean loop, List<String> details) {
    }

    record ItemResult(TaskRunner.LoopItem item, HostOutcome outcome, long millis) {
    }

    /** One thing to complete, in order: a task's step or one of its loop items, or (step null) a loop's end. */
    private record Unit(int task, TaskRunner.Step step) {
        boolean remote() {
            return step != null && step.remote();
        }
    }

    private final HostState host;
    private final List<TaskRunner.Planned> planned;
    private final List<Unit> units = new ArrayList<>();
    private final List<CompletableFuture<Result>> results = new ArrayList<>();
    private final List<List<String>> details = new ArrayList<>();
    private final List<List<ItemResult>> itemResults = new ArrayList<>();
    private final PlayRun run;
    private final TaskRunner tasks;
    private final ConnectionFactory connections;
    private final EventBus bus;
    private final Duration taskTimeout;
    private final ExecutorService control;
    /** Units completed so far: the next one to complete is units.get(done). Guarded by this. */
    private int done;
    /** The host failed or became unreachable: nothing more runs. Guarded by this. */
    private boolean stopped;
    /** The driver now running, for stop() and the deadline check; null between round trips. */
    private volatile Driver driver;
    private volatile boolean stopRequested;

    HostBatch(HostState host, List<TaskRunner.Planned> planned, PlayRun run, TaskRunner tasks, ConnectionFactory connections,
              EventBus bus, Duration taskTimeout, ExecutorService control) {
        this.host = host;
        this.planned = planned;
        this.run = run;
        this.tasks = tasks;
        this.connections = connections;
        this.bus = bus;
        this.taskTimeout = taskTimeout == null || taskTimeout.isZero() || taskTimeout.isNegative() ? null : taskTimeout;
        this.control = control;
        for (int t = 0; t < planned.size(); t++) {
            TaskRunner.Planned task = planned.get(t);
            for (TaskRunner.Step step : task.steps()) {
                units.add(new Unit(t, step));
            }
            if (task.loop()) {
                units.add(new Unit(t, null));
            }
            results.add(new CompletableFuture<>());
            details.add(Collections.synchronizedList(new ArrayList<>()));
            itemResults.add(new ArrayList<>());
        }
    }

    HostState host() {
        return host;
    }

    int size() {
        return planned.size();
    }

    TaskRunner.Planned item(int index) {
        return planned.get(index);
    }

    /** The outcome of task {@code index}, once known. */
    CompletableFuture<Result> result(int index) {
        return results.get(index);
    }

    /** Runs every task (on the calling thread); always completes every result, with "not run" where nothing ran. */
    void run() {
        try {
            while (true) {
                settleHead(null);
                List<Unit> next = nextRoundTrip();
                if (next.isEmpty() || stopRequested) {
                    break;
                }
                if (next.size() == 1 && !travels(planned.get(next.get(0).task()))) {
                    runAlone(next.get(0));
                } else {
                    runDriver(next);
                }
            }
        } catch (RuntimeException e) {
            // a bug of ours must not leave the reporter waiting forever: the task in hand fails
            synchronized (this) {
                if (done < units.size()) {
                    finishTask(units.get(done).task(), new HostOutcome(Status.FAILED, "internal error: " + e,
                            Map.of("failed", true, "msg", String.valueOf(e)), Map.of()), 0, false);
                }
            }
        } finally {
            closeUnfinished();
        }
    }

    /** Completes the units at the head that need no round trip, up to {@code remote} (or the first remote one when null). */
    private synchronized void settleHead(Unit remote) {
        while (done < units.size() && !stopped && units.get(done) != remote && !units.get(done).remote()) {
            complete(units.get(done), null, 0);
        }
    }

    /**
     * The remote units for the next round trip: a task that cannot travel in a batch (large content) sends its
     * first pending unit alone; else the pending units of every task that can, up to one that cannot. A loop
     * resumed half-way goes alone, so that the controller judges it before anything after it runs.
     */
    private synchronized List<Unit> nextRoundTrip() {
        List<Unit> next = new ArrayList<>();
        for (int i = done; i < units.size() && !stopped; i++) {
            Unit unit = units.get(i);
            if (!unit.remote()) {
                continue;
            }
            TaskRunner.Planned task = planned.get(unit.task());
            if (!travels(task)) {
                if (next.isEmpty()) {
                    next.add(unit);
                }
                return next;
            }
            if (!next.isEmpty() && unit.task() != next.get(0).task() && !itemResults.get(next.get(0).task()).isEmpty()) {
                return next;
            }
            next.add(unit);
        }
        return next;
    }

    /** Whether a task's scripts can go in a driver: each can travel on stdin, and they all sudo alike. */
    private static boolean travels(TaskRunner.Planned task) {
        List<TaskRunner.Step> remote = task.steps().stream().filter(TaskRunner.Step::remote).toList();
        return remote.stream().allMatch(step -> BatchPlanner.travelsInBatch(step.action()))
                && remote.stream().map(TaskRunner.Step::become).distinct().count() <= 1;
    }

    /** Completes {@code unit}: a step (its script's result in {@code exec}, null without a round trip) or a loop's end. */
    private synchronized void complete(Unit unit, ExecResult exec, long millis) {
        TaskRunner.Planned task = planned.get(unit.task());
        if (unit.step() == null) {
            List<ItemResult> items = itemResults.get(unit.task());
            HostOutcome summary = tasks.completeLoop(task, items.stream().map(ItemResult::outcome).toList());
            done++;
            finishTask(unit.task(), summary, items.stream().mapToLong(ItemResult::millis).sum(), true);
            return;
        }
        HostOutcome outcome = tasks.completeStep(task, unit.step(), run, exec);
        done++;
        if (unit.step().item() == null) {
            finishTask(unit.task(), outcome, millis, false);
        } else if (outcome.status() == Status.UNREACHABLE) {
            finishTask(unit.task(), outcome, millis, false);
        } else {
            itemResults.get(unit.task()).add(new ItemResult(unit.step().item(), outcome, millis));
        }
    }

    /** The task's result is known: hand it to the reporter; a failure stops the host. */
    private synchronized void finishTask(int task, HostOutcome outcome, long millis, boolean loop) {
        results.get(task).complete(new Result(outcome, millis, List.copyOf(itemResults.get(task)), loop, List.copyOf(details.get(task))));
        while (done < units.size() && units.get(done).task() == task) {
            done++; // the rest of a loop cut short by an unreachable host
        }
        if (outcome.status() == Status.FAILED || outcome.status() == Status.UNREACHABLE) {
            stopped = true;
        }
    }

    /** What never ran is "not run"; a loop cut short by Ctrl-C reports the items that ran, as one at a time would. */
    private synchronized void closeUnfinished() {
        for (int t = 0; t < planned.size(); t++) {
            if (results.get(t).isDone()) {
                continue;
            }
            List<ItemResult> items = itemResults.get(t);
            if (!stopped && !items.isEmpty()) {
                HostOutcome summary = tasks.completeLoop(planned.get(t), items.stream().map(ItemResult::outcome).toList());
                finishTask(t, summary, items.stream().mapToLong(ItemResult::millis).sum(), true);
            } else {
                results.get(t).complete(new Result(HostOutcome.notRun(), 0, List.of(), false, List.of()));
            }
        }
        done = units.size();
    }

    /** A unit whose input cannot ride inside a batch (large or binary content): its own round trip, content on stdin. */
    private void runAlone(Unit unit) {
        long started = System.nanoTime();
        TaskRunner.Step step = unit.step();
        ExecResult exec;
        try {
            Connection connection = connections.connect(host.name, tasks.connectionVars(host.name));
            String script = step.environment() + step.action().script();
            detail(unit, () -> "script for " + name(unit) + ":\n" + script);
            exec = connection.exec(script, step.action().stdin(), step.become(), taskTimeout);
        } catch (UnreachableException e) {
            finishTask(unit.task(), TaskRunner.unreachableOutcome(e), millisSince(started), false);
            return;
        }
        detailResult(unit, exec);
        complete(unit, exec, millisSince(started));
    }

    /** One round trip for {@code remote}; their outcomes (and the settled units between them) complete as frames arrive. */
    private void runDriver(List<Unit> remote) {
        String nonce = TaskDriver.nonce();
        List<BatchScript.Item> parts = new ArrayList<>();
        for (Unit unit : remote) {
            TaskRunner.Step step = unit.step();
            parts.add(TaskDriver.item(step.environment(), step.action(), afterFailure(unit)));
            detail(unit, () -> "script for " + name(unit) + " (" + remote.size() + " scripts in one round trip):\n"
                    + step.environment() + ModuleScript.taskPart(step.action().script())
                    + (step.action().stdin().length == 0 ? "" : "(input: " + step.action().stdin().length + " bytes)"));
        }
        Driver current = new Driver(remote);
        BatchFrames frames = new BatchFrames(nonce, current::frame);
        current.frames = frames;
        ExecResult whole;
        try {
            Connection connection = connections.connect(host.name, tasks.connectionVars(host.name));
            current.connection = connection;
            current.lastFrameNanos = System.nanoTime();
            driver = current;
            // the deadline of the whole: every script's; the per-script one is enforced by enforceDeadline()
            Duration all = taskTimeout == null ? null : taskTimeout.multipliedBy(remote.size());
            whole = connection.execFromStdin(BatchScript.build(nonce, parts), remote.get(0).step().become(), all, TaskDriver.feeding(frames));
        } catch (UnreachableException e) {
            driver = null;
            synchronized (this) {
                Unit next = current.next();
                settleHead(next);
                if (!stopped && next != null) {
                    finishTask(next.task(), TaskRunner.unreachableOutcome(e), millisSince(current.lastFrameNanos), false);
                }
                stopped = true;
            }
            return;
        }
        driver = null;
        synchronized (this) {
            Unit next = current.next();
            if (stopped || next == null) {
                return;
            }
            if (stopRequested && !current.timedOut) {
                return; // Ctrl-C: the driver stopped after its running script, as asked
            }
            // The driver ended before this script's frame: ended at its deadline, sudo refused, or the shell died.
            settleHead(next);
            if (stopped) {
                return;
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - current.lastFrameNanos);
            ExecResult own = current.timedOut
                    ? TaskDriver.unfinished(frames, whole, "command timed out after " + taskTimeout.toSeconds() + " s and was ended",
                            Connection.EXIT_TIMED_OUT, elapsed)
                    : TaskDriver.unfinished(frames, whole, null, whole.exitCode(), elapsed);
            current.skip();
            detailResult(next, own);
            complete(next, own, elapsed.toMillis());
        }
    }

    /** Where the driver stops after {@code unit} fails: as the linear strategy would stop the host. */
    private BatchScript.AfterFailure afterFailure(Unit unit) {
        TaskRunner.Planned task = planned.get(unit.task());
        if (task.task().ignoreErrors()) {
            return BatchScript.AfterFailure.GO_ON;
        }
        if (unit.step().item() == null) {
            return BatchScript.AfterFailure.STOP;
        }
        TaskRunner.Step lastRemote = null;
        for (TaskRunner.Step step : task.steps()) {
            if (step.remote()) {
                lastRemote = step;
            }
        }
        return unit.step() == lastRemote ? BatchScript.AfterFailure.END_OF_LOOP : BatchScript.AfterFailure.NEXT_ITEM;
    }

    /** Ctrl-C: the driver lets its running script end and starts no other. */
    void stop() {
        stopRequested = true;
        Driver current = driver;
        if (current != null) {
            current.stopOnce();
        }
    }

    /** Ends the running script when it has outlived the per-task timeout (called about once a second). */
    void enforceDeadline() {
        Driver current = driver;
        if (current == null || taskTimeout == null || current.timedOut) {
            return;
        }
        if (System.nanoTime() - current.lastFrameNanos > taskTimeout.toNanos() && current.signal("TERM", true)) {
            current.timedOut = true;
        }
    }

    /** One running driver script: which of its scripts is next, and how to signal it. */
    private final class Driver {
        private final List<Unit> remote;
        volatile BatchFrames frames;
        volatile Connection connection;
        volatile long lastFrameNanos;
        volatile boolean timedOut;
        private boolean stopSent;
        /** Guarded by HostBatch.this. */
        private int nextRemote;

        Driver(List<Unit> remote) {
            this.remote = remote;
        }

        /** The unit whose frame is awaited, or null when all have come. */
        Unit next() {
            return nextRemote < remote.size() ? remote.get(nextRemote) : null;
        }

        void skip() {
            nextRemote++;
        }

        /** A script's frame arrived: the settled units before it complete first, then its own. */
        void frame(BatchFrames.Frame frame) {
            long now = System.nanoTime();
            long millis = (now - lastFrameNanos) / 1_000_000;
            lastFrameNanos = now;
            synchronized (HostBatch.this) {
                Unit unit = remote.get(nextRemote++);
                settleHead(unit);
                if (stopped) {
                    bus.publish(new Event.Warning(host.name + ": '" + name(unit) + "' ran after a failed task: its result is not counted"));
                    return;
                }
                ExecResult exec = new ExecResult(frame.exitCode(), frame.stdout(), frame.stderr(), Duration.ofMillis(millis));
                detailResult(unit, exec);
                complete(unit, exec, millis);
            }
            if (stopRequested) {
                stopOnce(); // Ctrl-C came before the driver had told its pid
            }
        }

        synchronized void stopOnce() {
            if (!stopSent) {
                stopSent = signal("USR1", false);
            }
        }

        /**
         * Sends {@code signal} over a channel of its own; false while the driver's pid is not known yet. For a
         * deadline, the signal goes to timeout(1) when it leads the process group (it passes the signal on to
         * everything the task started); else to the driver alone.
         */
        boolean signal(String signal, boolean wholeTask) {
            BatchFrames.Start start = frames == null ? null : frames.start();
            Connection target = connection;
            if (start == null || start.pid() <= 0 || target == null) {
                return false;
            }
            long pid = wholeTask && "timeout".equals(start.parentName()) ? start.parentPid() : start.pid();
            control.execute(() -> {
                try {
                    target.exec("kill -" + signal + " " + pid, null, remote.get(0).step().become(), Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    // the batch may have ended meanwhile; the whole batch's deadline still ends it
                }
            });
            return true;
        }
    }

    private String name(Unit unit) {
        TaskRunner.LoopItem item = unit.step() == null ? null : unit.step().item();
        return planned.get(unit.task()).task().displayName() + (item == null ? "" : " (item " + item.label() + ")");
    }

    /** -vvv detail of a task, shown with its result; a no_log task's scripts and output are never kept. */
    private void detail(Unit unit, Supplier<String> text) {
        if (!bus.wants(3)) {
            return;
        }
        List<String> kept = details.get(unit.task());
        if (!planned.get(unit.task()).task().noLog()) {
            kept.add(text.get());
        } else if (kept.isEmpty()) {
            kept.add("scripts and output of " + planned.get(unit.task()).task().displayName() + " hidden (no_log)");
        }
    }

    private void detailResult(Unit unit, ExecResult exec) {
        detail(unit, () -> "rc=" + exec.exitCode() + " in " + exec.elapsed().toMillis() + " ms"
                + (exec.stdout().isEmpty() ? "" : "\nstdout: " + exec.stdout()) + (exec.stderr().isEmpty() ? "" : "\nstderr: " + exec.stderr()));
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
