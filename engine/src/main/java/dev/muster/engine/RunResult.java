package dev.muster.engine;

import dev.muster.report.HostStats;
import dev.muster.report.Outcome;
import java.time.Duration;
import java.util.Map;

/**
 * How a run ended.
 *
 * @param hosts   PLAY RECAP: every host the run touched, in the order it met them
 * @param dropped events the run's listeners lost because they fell too far behind (0 normally; see QueuedListener)
 */
public record RunResult(String runId, Outcome outcome, Map<String, HostStats> hosts, Duration elapsed, long dropped) {
}
