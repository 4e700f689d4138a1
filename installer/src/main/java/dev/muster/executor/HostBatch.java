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

/**
 * One host's share of a round: its planned tasks, run in order with as few round trips as possible (usually
 * one), each task's outcome completed as soon as its frame arrives. Tasks settled in planning (skipped,
 * local) complete in their place between the remote ones. The host stops at its first failure, as in the
 * linear strategy; when the driver ended early for another reason (a task ended at its deadline whose
 * error is ignored), the rest goes in a new round trip.
 */
final class HostBatch {

    /**
     * A task's outcome on this host, how long it took, and its -vvv detail (script and output), which the reporter
     * shows under the task's header. {@code outcome.status()} is null for a task not run.
     */
    record Result(HostOutcome outcome, long millis, List<String> details) {
    }

    private final HostState host;
    private final List<TaskRunner.Planned> items;
    private final List<CompletableFuture<Result>> results = new ArrayList<>();
    private final List<List<String>> details = new ArrayList<>();
    private final PlayRun run;
    private final TaskRunner tasks;
    private final ConnectionFactory connections;
    private final EventBus bus;
    private final Duration taskTimeout;
    private final ExecutorService control;
    /** Items completed so far: the next one to complete is items.get(done). Guarded by this. */
    private int done;
    /** The host failed or became unreachable: nothing more runs. Guarded by this. */
    private boolean stopped;
    /** The driver now running, for stop() and the deadline check; null between round trips. */
    private volatile Driver driver;
    private volatile boolean stopRequested;

    HostBatch(HostState host, List<TaskRunner.Planned> items, PlayRun run, TaskRunner tasks, ConnectionFactory connections,
              EventBus bus, Duration taskTimeout, ExecutorService control) {
        this.host = host;
        this.items = items;
        this.run = run;
        this.tasks = tasks;
        this.connections = connections;
        this.bus = bus;
        this.taskTimeout = taskTimeout == null || taskTimeout.isZero() || taskTimeout.isNegative() ? null : taskTimeout;
        this.control = control;
        items.forEach(item -> {
            results.add(new CompletableFuture<>());
            details.add(Collections.synchronizedList(new ArrayList<>()));
        });
    }

    HostState host() {
        return host;
    }

    int size() {
        return items.size();
    }

    TaskRunner.Planned item(int index) {
        return items.get(index);
    }

    /** The outcome of item {@code index}, once known. */
    CompletableFuture<Result> result(int index) {
        return results.get(index);
    }

    /** Runs every item (on the calling thread); always completes every result, with "not run" where nothing ran. */
    void run() {
        try {
            while (true) {
                settleHead(null);
                List<TaskRunner.Planned> remote = remainingRemote();
                if (remote.isEmpty() || stopRequested) {
                    break;
                }
                if (remote.size() == 1 && !BatchPlanner.travelsInBatch(remote.get(0).action())) {
                    runAlone(remote.get(0));
                } else {
                    runDriver(remote);
                }
            }
        } catch (RuntimeException e) {
            // a bug of ours must not leave the reporter waiting forever: the task in hand fails
            synchronized (this) {
                if (done < items.size()) {
                    finish(new HostOutcome(Status.FAILED, "internal error: " + e, Map.of("failed", true, "msg", String.valueOf(e)), Map.of()), 0);
                }
            }
        } finally {
            synchronized (this) {
                for (; done < items.size(); done++) {
                    results.get(done).complete(new Result(HostOutcome.notRun(), 0, List.of()));
                }
            }
        }
    }

    /** Completes the settled items at the head, up to {@code remote} (or the first remote item when null). */
    private synchronized void settleHead(TaskRunner.Planned remote) {
        while (done < items.size() && !stopped && items.get(done) != remote && !items.get(done).remote()) {
            finish(tasks.complete(items.get(done), run, null), 0);
        }
    }

    /** The remote items not yet run: they all go in the next driver; settled ones between them complete in place. */
    private synchronized List<TaskRunner.Planned> remainingRemote() {
        List<TaskRunner.Planned> remote = new ArrayList<>();
        for (int i = done; i < items.size() && !stopped; i++) {
            if (items.get(i).remote()) {
                remote.add(items.get(i));
            }
        }
        return remote;
    }

    private synchronized void finish(HostOutcome outcome, long millis) {
        results.get(done).complete(new Result(outcome, millis, List.copyOf(details.get(done))));
        done++;
        if (outcome.status() == Status.FAILED || outcome.status() == Status.UNREACHABLE) {
            stopped = true;
        }
    }

    /** A task whose input cannot ride inside a batch (large or binary content): its own round trip, content on stdin. */
    private void runAlone(TaskRunner.Planned item) {
        long started = System.nanoTime();
        ExecResult exec;
        try {
            Connection connection = connections.connect(host.name, tasks.connectionVars(host.name));
            String script = item.environment() + item.action().script();
            detail(item, () -> "script for " + item.task().displayName() + ":\n" + script);
            exec = connection.exec(script, item.action().stdin(), item.become(), taskTimeout);
        } catch (UnreachableException e) {
            finish(TaskRunner.unreachableOutcome(e), millisSince(started));
            return;
        }
        detailResult(item, exec);
        finish(tasks.complete(item, run, exec), millisSince(started));
    }

    /** One round trip for {@code remote}; their outcomes (and the settled items between them) complete as frames arrive. */
    private void runDriver(List<TaskRunner.Planned> remote) {
        String nonce = TaskDriver.nonce();
        List<BatchScript.Item> parts = new ArrayList<>();
        for (TaskRunner.Planned item : remote) {
            parts.add(TaskDriver.item(item.environment(), item.action(), item.task().ignoreErrors()));
            detail(item, () -> "script for " + item.task().displayName() + " (" + remote.size() + " tasks in one round trip):\n"
                    + item.environment() + ModuleScript.taskPart(item.action().script())
                    + (item.action().stdin().length == 0 ? "" : "(input: " + item.action().stdin().length + " bytes)"));
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
            // the deadline of the whole: every task's; the per-task one is enforced by enforceDeadline()
            Duration all = taskTimeout == null ? null : taskTimeout.multipliedBy(remote.size());
            whole = connection.execFromStdin(BatchScript.build(nonce, parts), remote.get(0).become(), all, TaskDriver.feeding(frames));
        } catch (UnreachableException e) {
            driver = null;
            synchronized (this) {
                TaskRunner.Planned next = current.next();
                settleHead(next);
                if (!stopped && next != null) {
                    finish(TaskRunner.unreachableOutcome(e), millisSince(current.lastFrameNanos));
                }
                stopped = true;
            }
            return;
        }
        driver = null;
        synchronized (this) {
            TaskRunner.Planned next = current.next();
            if (stopped || next == null) {
                return;
            }
            if (stopRequested && !current.timedOut) {
                stopped = true; // Ctrl-C: the driver stopped after its running task, as asked
                return;
            }
            // The driver ended before this task's frame: ended at its deadline, sudo refused, or the shell died.
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
            finish(tasks.complete(next, run, own), elapsed.toMillis());
        }
    }

    /** Ctrl-C: the driver lets its running task end and starts no other. */
    void stop() {
        stopRequested = true;
        Driver current = driver;
        if (current != null) {
            current.stopOnce();
        }
    }

    /** Ends the running task when it has outlived the per-task timeout (called about once a second). */
    void enforceDeadline() {
        Driver current = driver;
        if (current == null || taskTimeout == null || current.timedOut) {
            return;
        }
        if (System.nanoTime() - current.lastFrameNanos > taskTimeout.toNanos() && current.signal("TERM", true)) {
            current.timedOut = true;
        }
    }

    /** One running driver script: which of its tasks is next, and how to signal it. */
    private final class Driver {
        private final List<TaskRunner.Planned> remote;
        volatile BatchFrames frames;
        volatile Connection connection;
        volatile long lastFrameNanos;
        volatile boolean timedOut;
        private boolean stopSent;
        /** Guarded by HostBatch.this. */
        private int nextRemote;

        Driver(List<TaskRunner.Planned> remote) {
            this.remote = remote;
        }

        /** The task whose frame is awaited, or null when all have come. */
        TaskRunner.Planned next() {
            return nextRemote < remote.size() ? remote.get(nextRemote) : null;
        }

        void skip() {
            nextRemote++;
        }

        /** A task's frame arrived: the settled items before it complete first, then the task. */
        void frame(BatchFrames.Frame frame) {
            long now = System.nanoTime();
            long millis = (now - lastFrameNanos) / 1_000_000;
            lastFrameNanos = now;
            synchronized (HostBatch.this) {
                TaskRunner.Planned item = remote.get(nextRemote++);
                settleHead(item);
                if (stopped) {
                    bus.publish(new Event.Warning(host.name + ": '" + item.task().displayName()
                            + "' ran after a failed task: its result is not counted"));
                    return;
                }
                ExecResult exec = new ExecResult(frame.exitCode(), frame.stdout(), frame.stderr(), Duration.ofMillis(millis));
                detailResult(item, exec);
                finish(tasks.complete(item, run, exec), millis);
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
                    target.exec("kill -" + signal + " " + pid, null, remote.get(0).become(), Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    // the batch may have ended meanwhile; the whole batch's deadline still ends it
                }
            });
            return true;
        }
    }

    /** -vvv detail of an item, shown with its result; a no_log task's script and output are never kept. */
    private void detail(TaskRunner.Planned item, java.util.function.Supplier<String> text) {
        if (!bus.wants(3)) {
            return;
        }
        List<String> kept = details.get(indexOf(item));
        if (!item.task().noLog()) {
            kept.add(text.get());
        } else if (kept.isEmpty()) {
            kept.add("script and output of " + item.task().displayName() + " hidden (no_log)");
        }
    }

    private void detailResult(TaskRunner.Planned item, ExecResult exec) {
        detail(item, () -> "rc=" + exec.exitCode() + " in " + exec.elapsed().toMillis() + " ms"
                + (exec.stdout().isEmpty() ? "" : "\nstdout: " + exec.stdout()) + (exec.stderr().isEmpty() ? "" : "\nstderr: " + exec.stderr()));
    }

    private int indexOf(TaskRunner.Planned item) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == item) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an item of this batch");
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
