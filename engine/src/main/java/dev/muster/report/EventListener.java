package dev.muster.report;

/** Receives events, already masked, one at a time (the bus serialises calls). */
public interface EventListener extends AutoCloseable {

    void on(Event event);

    /**
     * The deepest {@link Event.Verbose} level this listener shows. The bus drops deeper detail before masking it,
     * and the engine does not even build it (a task's script, at -vvv) when no listener wants it.
     */
    default int verbosity() {
        return Integer.MAX_VALUE;
    }

    @Override
    default void close() {
    }
}
