package dev.muster.report;

/**
 * Receives events, already masked, one at a time and in order (calls are never concurrent). A listener added to a
 * run through the engine's API gets a queue and a thread of its own ({@link QueuedListener}), so it may be slow.
 */
public interface EventListener extends AutoCloseable {

    void on(Event event);

    /** The event with its run id, sequence number, time, play, task and host; by default just the event. */
    default void on(RunEvent event) {
        on(event.event());
    }

    /**
     * The deepest {@link Event.Verbose} level this listener shows. The bus drops deeper detail before masking it,
     * and the engine does not even build it (a task's script, at -vvv) when no listener wants it.
     */
    default int verbosity() {
        return Integer.MAX_VALUE;
    }

    /**
     * No further event is waiting for this listener now (its queue ran empty): a listener that buffers its output
     * writes it out here, so a reader following the log sees each burst of events as it ends, at one write per burst
     * rather than one per event.
     */
    default void caughtUp() {
    }

    /** Called once, after the last event (the recap). */
    @Override
    default void close() {
    }
}
