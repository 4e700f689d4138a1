package dev.muster.executor;

/**
 * Ctrl-C for one run (or {@code RunHandle.cancel}): once requested, no new task, loop item, retry or play starts;
 * commands already running end (or reach their timeout) and the recap follows. Shared by every part of the run.
 */
final class Interruption {

    private volatile boolean requested;

    void request() {
        requested = true;
    }

    boolean requested() {
        return requested;
    }
}
