package dev.muster.executor;

import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.OutputWatcher;
import dev.muster.connection.UnreachableException;
import dev.muster.module.ExecResult;
import dev.muster.module.script.BatchFrames;
import dev.muster.module.script.BatchScript;
import dev.muster.module.script.ModuleScript;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * One host's share of a round: its planned tasks, run in order with as few round trips as possible (usually
 * one), each task's outcome completed as soon as its frame arrives. Tasks settled in planning (skipped,
 * local) complete in their place between the remote ones. The host stops at its first failure, as in the
 * linear strategy; a batch the driver left early for another reason (a task killed at its deadline whose
 * error is ignored) goes on with the rest in a new round trip.
 */
final class HostBatch {

    /**
     * A task's outcome on this host, how long it took, and its -vvv detail (script and output), which the reporter
     * shows under the task's header. {@code outcome.status()} is null for a task not run.
     */
    record Result(HostOutcome outcome, long millis, List<String> details) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HostState host;
    private final List<TaskRunner.Planned> items;
    private final List<CompletableFuture<Result>> results = new ArrayList<>();
    private final List<List<String>> details = new ArrayList<>();
    private final PlayRun run;
    private final TaskRunner tasks;
    private final ConnectionFactory connections;
    private final EventBus bus;
    private final Duration taskTimeout;
    private final ExecutorService pool;
    /** Items completed so far: the next one to complete is items.get(done). */
    private int done;
    private boolean stopped;

    /** The driver now running, for stop() and the deadline check; null between round trips. */
    private volatile Driver driver;
    private volatile boolean stopRequested;

    HostBatch(HostState host, List<TaskRunner.Planned> items, PlayRun run, TaskRunner tasks, ConnectionFactory connections,
              EventBus bus, Duration taskTimeout, ExecutorService pool) {
        this.host = host;
        this.items = items;
        this.run = run;
        this.tasks = tasks;
        this.connections = connections;
        this.bus = bus;
        this.taskTimeout = taskTimeout == null || taskTimeout.isZero() || taskTimeout.isNegative() ? null : taskTimeout;
        this.pool = pool;
        items.forEach(item -> {
            results.add(new CompletableFuture<>());
            details.add(java.util.Collections.synchronizedList(new ArrayList<>()));
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
                settleLocalItems();
                List<TaskRunner.Planned> remote = nextRemoteRun();
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
                    finish(new HostOutcome(Status.FAILED, "internal error: " + e, java.util.Map.of("failed", true, "msg", String.valueOf(e)),
                            java.util.Map.of()), 0);
                }
            }
        } finally {
            synchronized (this) {
                while (done < items.size()) {
                    results.get(done).complete(new Result(HostOutcome.notRun(), 0, List.of()));
                    done++;
                }
            }
        }
    }

    /** Completes the settled and local items at the head (they need no round trip). */
    private synchronized void settleLocalItems() {
        while (done < items.size() && !stopped && !items.get(done).remote()) {
            TaskRunner.Planned item = items.get(done);
            finish(tasks.complete(item, run, null), millisSince(item.startedNanos()));
        }
    }

    /** The remote items from the next one on: all of them go in one driver; settled ones between them complete in place. */
    private synchronized List<TaskRunner.Planned> nextRemoteRun() {
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
        Status status = outcome.status();
        if (status == Status.FAILED || status == Status.UNREACHABLE) {
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
            detail(item, "script for " + item.task().displayName() + ":\n" + script);
            exec = connection.exec(script, item.action().stdin(), item.become(), taskTimeout);
        } catch (UnreachableException e) {
            finish(tasks.unreachable(item, e), millisSince(started));
            return;
        }
        verboseResult(item, exec);
        finish(tasks.complete(item, run, exec), millisSince(started));
    }

    /** One round trip for {@code remote}; their outcomes (and the settled items between them) complete as frames arrive. */
    private void runDriver(List<TaskRunner.Planned> remote) {
        String nonce = nonce();
        List<BatchScript.Item> parts = new ArrayList<>();
        for (TaskRunner.Planned item : remote) {
            parts.add(new BatchScript.Item(ModuleScript.taskPart(item.action().script()), item.environment(),
                    item.action().stdin().length == 0 ? null : item.action().stdin(), item.task().ignoreErrors()));
            detail(item, "script for " + item.task().displayName() + " (" + remote.size() + " tasks in one round trip):\n"
                    + item.environment() + ModuleScript.taskPart(item.action().script())
                    + (item.action().stdin().length == 0 ? "" : "(input: " + item.action().stdin().length + " bytes)"));
        }
        String script = BatchScript.build(nonce, parts);
        Driver current = new Driver(remote);
        BatchFrames frames = new BatchFrames(nonce, current::frame);
        current.frames = frames;
        Duration whole = taskTimeout == null ? null : taskTimeout.multipliedBy(remote.size());
        ExecResult exec;
        Connection connection;
        try {
            connection = connections.connect(host.name, tasks.connectionVars(host.name));
            current.connection = connection;
            driver = current;
            current.lastFrameNanos = System.nanoTime();
            exec = connection.execFromStdin(script, remote.get(0).become(), whole, new OutputWatcher() {
                @Override
                public void stdout(byte[] bytes, int length) {
                    frames.stdout(bytes, length);
                }

                @Override
                public void stderr(byte[] bytes, int length) {
                    frames.stderr(bytes, length);
                }
            });
        } catch (UnreachableException e) {
            driver = null;
            synchronized (this) {
                settleUpTo(current.nextRemote < remote.size() ? remote.get(current.nextRemote) : null);
                if (!stopped && current.nextRemote < remote.size()) {
                    finish(tasks.unreachable(remote.get(current.nextRemote), e), millisSince(current.lastFrameNanos));
                }
                stopped = true;
            }
            return;
        }
        driver = null;
        String stdout = frames.pendingStdout();
        String stderr = frames.pendingStderr();
        synchronized (this) {
            if (stopped || current.nextRemote == remote.size()) {
                return;
            }
            if (stopRequested && !current.timedOut) {
                stopped = true;
                return;
            }
            // The driver ended before this task's frame: killed at its deadline, sudo refused, or the shell died.
            TaskRunner.Planned item = remote.get(current.nextRemote);
            settleUpTo(item);
            if (stopped) {
                return;
            }
            int exitCode = exec.exitCode();
            if (current.timedOut) {
                exitCode = Connection.EXIT_TIMED_OUT;
                stderr = appendLine(stderr, "command timed out after " + taskTimeout.toSeconds() + " s and was ended");
            } else if (exec.exitCode() == Connection.EXIT_BECOME_FAILED || exec.exitCode() == Connection.EXIT_TIMED_OUT
                    || exec.exitCode() == Connection.EXIT_KILLED) {
                stderr = appendLine(stderr, exec.stderr().strip());
            }
            ExecResult own = new ExecResult(exitCode, stdout, stderr, Duration.ofNanos(System.nanoTime() - current.lastFrameNanos));
            verboseResult(item, own);
            finish(tasks.complete(item, run, own), own.elapsed().toMillis());
        }
    }

    /** Completes the settled items before {@code remote} (or all remaining ones when null). */
    private synchronized void settleUpTo(TaskRunner.Planned remote) {
        while (done < items.size() && !stopped && items.get(done) != remote && !items.get(done).remote()) {
            TaskRunner.Planned item = items.get(done);
            finish(tasks.complete(item, run, null), 0);
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
        final List<TaskRunner.Planned> remote;
        volatile BatchFrames frames;
        volatile Connection connection;
        volatile long lastFrameNanos;
        volatile boolean timedOut;
        private boolean stopSent;
        int nextRemote;

        synchronized void stopOnce() {
            if (!stopSent) {
                stopSent = signal("USR1", false);
            }
        }

        Driver(List<TaskRunner.Planned> remote) {
            this.remote = remote;
        }

        /** A task's frame arrived: the settled items before it complete first, then the task. */
        void frame(BatchFrames.Frame frame) {
            long now = System.nanoTime();
            long millis = (now - lastFrameNanos) / 1_000_000;
            lastFrameNanos = now;
            synchronized (HostBatch.this) {
                TaskRunner.Planned item = remote.get(nextRemote++);
                settleUpTo(item);
                if (stopped) {
                    bus.publish(new Event.Warning(host.name + ": '" + item.task().displayName()
                            + "' ran after a failed task: its result is not counted"));
                    return;
                }
                ExecResult exec = new ExecResult(frame.exitCode(), frame.stdout(), frame.stderr(), Duration.ofMillis(millis));
                verboseResult(item, exec);
                finish(tasks.complete(item, run, exec), millis);
            }
            if (stopRequested) {
                stopOnce(); // Ctrl-C came before the driver had told its pid
            }
        }

        /**
         * Sends {@code signal} over a channel of its own. For a deadline, the whole process group goes when timeout(1)
         * leads it (it passes the signal on to everything the task started); else the driver alone.
         */
        boolean signal(String signal, boolean wholeTask) {
            BatchFrames.Start start = frames == null ? null : frames.start();
            Connection target = connection;
            if (start == null || start.pid() <= 0 || target == null) {
                return false;
            }
            long pid = wholeTask && "timeout".equals(start.parentName()) ? start.parentPid() : start.pid();
            pool.execute(() -> {
                try {
                    target.exec("kill -" + signal + " " + pid, null, remote.get(0).become(), Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    // the batch may have ended meanwhile; the outer deadline still ends it
                }
            });
            return true;
        }
    }

    /** -vvv detail of an item, shown with its result; a no_log task's script and output are never kept. */
    private void detail(TaskRunner.Planned item, String text) {
        List<String> kept = details.get(indexOf(item));
        if (!item.task().noLog()) {
            kept.add(text);
        } else if (kept.isEmpty()) {
            kept.add("script and output of " + item.task().displayName() + " hidden (no_log)");
        }
    }

    private int indexOf(TaskRunner.Planned item) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == item) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an item of this batch");
    }

    private void verboseResult(TaskRunner.Planned item, ExecResult exec) {
        detail(item, "rc=" + exec.exitCode() + " in " + exec.elapsed().toMillis() + " ms"
                + (exec.stdout().isEmpty() ? "" : "\nstdout: " + exec.stdout()) + (exec.stderr().isEmpty() ? "" : "\nstderr: " + exec.stderr()));
    }

    private static String appendLine(String text, String line) {
        if (line.isEmpty()) {
            return text;
        }
        return text.isEmpty() || text.endsWith("\n") ? text + line + "\n" : text + "\n" + line + "\n";
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String nonce() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
