package dev.muster.report;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one path from the engine to every output. Masking happens here, once, so a listener cannot leak a secret by
 * forgetting to mask; here too each event gets its run id, sequence number, time and play/task/host. Calls are
 * serialised, so sequence numbers follow the order listeners see; a listener that may be slow is wrapped in a
 * {@link QueuedListener}, so that publishing (on the fork threads) only masks and enqueues.
 */
public final class EventBus implements AutoCloseable {

    private final Masker masker;
    private final String runId;
    private final int verbosity;
    private final List<Added> listeners = new CopyOnWriteArrayList<>();
    private volatile int deepest = -1;
    private long sequence;
    private String play;

    /** A listener with the deepest verbose level it gets: its own, capped by the run's. */
    private record Added(EventListener listener, int verbosity) {
    }

    /** @param verbosity the deepest {@link Event.Verbose} level any listener gets, whatever it asks for */
    public EventBus(Masker masker, String runId, int verbosity) {
        this.masker = masker;
        this.runId = runId;
        this.verbosity = verbosity;
    }

    /** A bus with a run id of its own, each listener getting the detail it asks for. */
    public EventBus(Masker masker) {
        this(masker, UUID.randomUUID().toString(), Integer.MAX_VALUE);
    }

    public Masker masker() {
        return masker;
    }

    public String runId() {
        return runId;
    }

    public EventBus add(EventListener listener) {
        int level = Math.min(listener.verbosity(), verbosity);
        listeners.add(new Added(listener, level));
        deepest = Math.max(deepest, level);
        return this;
    }

    /** Whether any listener shows verbose detail of {@code level}: detail nobody shows need not be built. */
    public boolean wants(int level) {
        return level <= deepest;
    }

    public synchronized void publish(Event event) {
        if (event instanceof Event.Verbose verbose && !wants(verbose.level())) {
            return;
        }
        Instant now = Instant.now();
        Event safe = event.masked(masker);
        if (safe instanceof Event.PlayStarted started) {
            play = started.name();
        }
        RunEvent stamped = new RunEvent(runId, ++sequence, now, play, taskOf(safe), hostOf(safe), safe);
        int level = safe instanceof Event.Verbose verbose ? verbose.level() : 0;
        for (Added added : listeners) {
            if (level <= added.verbosity()) {
                added.listener().on(stamped);
            }
        }
    }

    private static String taskOf(Event event) {
        if (event instanceof Event.TaskStarted started) {
            return started.name();
        }
        if (event instanceof Event.HostResult result) {
            return result.task();
        }
        if (event instanceof Event.Progress progress) {
            return progress.task();
        }
        return null;
    }

    private static String hostOf(Event event) {
        if (event instanceof Event.HostResult result) {
            return result.host();
        }
        if (event instanceof Event.Verbose verbose) {
            return verbose.host();
        }
        return null;
    }

    /** Closes every listener; a queued one first delivers what it holds. */
    @Override
    public synchronized void close() {
        for (Added added : listeners) {
            added.listener().close();
        }
    }
}
