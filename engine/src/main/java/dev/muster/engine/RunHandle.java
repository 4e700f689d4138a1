package dev.muster.engine;

import dev.muster.connection.ConnectionFactory;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.executor.PlaybookRunner;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.QueuedListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A started run: cancel it, or wait for its result. */
public final class RunHandle {

    private final String runId;
    private final PlaybookRunner runner;
    private final CountDownLatch engineDone = new CountDownLatch(1);
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();

    private RunHandle(String runId, PlaybookRunner runner) {
        this.runId = runId;
        this.runner = runner;
    }

    static RunHandle start(String runId, PlaybookRunner runner, ConnectionFactory connections, EventBus bus,
                           List<QueuedListener> listeners) {
        RunHandle handle = new RunHandle(runId, runner);
        Thread thread = new Thread(() -> handle.run(connections, bus, listeners), "muster-run-" + runId.substring(0, 8));
        thread.start();
        return handle;
    }

    private void run(ConnectionFactory connections, EventBus bus, List<QueuedListener> listeners) {
        try {
            Event.Recap recap;
            try (connections) {
                recap = runner.run();
            } finally {
                engineDone.countDown();
                bus.close(); // waits until every listener has had every event
            }
            long dropped = listeners.stream().mapToLong(QueuedListener::dropped).sum();
            result.complete(new RunResult(runId, recap.outcome(), recap.hosts(), Duration.ofMillis(recap.elapsedMillis()), dropped));
        } catch (Throwable e) {
            result.completeExceptionally(e);
        }
    }

    public String runId() {
        return runId;
    }

    /**
     * As Ctrl-C: tasks running now finish (or reach their timeout), no new one starts, and the run ends with the
     * recap and {@link dev.muster.report.Outcome#CANCELLED}. Returns at once.
     */
    public void cancel() {
        runner.interrupt();
    }

    /** Whether the engine has finished (its listeners may still be catching up; {@link #await()} waits for them). */
    public boolean isDone() {
        return engineDone.getCount() == 0;
    }

    /** Waits for the run and for every listener to have seen every event. */
    public RunResult await() throws InterruptedException {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    /** As {@link #await()}, for at most {@code timeout}; null if the run is still going. */
    public RunResult await(Duration timeout) throws InterruptedException {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    private static RuntimeException failure(Throwable cause) {
        if (cause instanceof MusterException known) {
            return known;
        }
        return new MusterException(null, "the run failed: " + cause, Failure.ERROR, cause);
    }
}
