package dev.muster.report;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one path from the engine to every output. Masking happens here, once, so a listener cannot
 * leak a secret by forgetting to mask; calls are serialised so listeners need no locking.
 */
public final class EventBus implements AutoCloseable {

    private final Masker masker;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private volatile int deepest = -1;

    public EventBus(Masker masker) {
        this.masker = masker;
    }

    public Masker masker() {
        return masker;
    }

    public EventBus add(EventListener listener) {
        listeners.add(listener);
        deepest = Math.max(deepest, listener.verbosity());
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
        Event safe = event.masked(masker);
        for (EventListener listener : listeners) {
            listener.on(safe);
        }
    }

    @Override
    public synchronized void close() {
        for (EventListener listener : listeners) {
            listener.close();
        }
    }
}
