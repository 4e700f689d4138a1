package dev.muster.report;

/** Receives events, already masked, one at a time (the bus serialises calls). */
public interface EventListener extends AutoCloseable {

    void on(Event event);

    @Override
    default void close() {
    }
}
