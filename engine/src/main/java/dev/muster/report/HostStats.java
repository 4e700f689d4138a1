package dev.muster.report;

/** One line of PLAY RECAP. */
public record HostStats(int ok, int changed, int unreachable, int failed, int skipped, int rescued, int ignored) {
}
