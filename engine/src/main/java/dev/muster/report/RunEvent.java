package dev.muster.report;

import java.time.Instant;

/**
 * An event as a listener receives it: already masked, with where it belongs and when it happened.
 *
 * @param runId    the run it belongs to (several runs may share a JVM and even a listener)
 * @param sequence 1, 2, 3... in the order the run published its events; a listener that fell behind and lost events
 *                 (see {@link QueuedListener}) sees the gap
 * @param time     when the engine published it, i.e. when it happened: not when a slow listener got to it
 * @param play     the play running at the time, or null before the first play
 * @param task     the task the event is about, or null
 * @param host     the host the event is about, or null
 */
public record RunEvent(String runId, long sequence, Instant time, String play, String task, String host, Event event) {
}
