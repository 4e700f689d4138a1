package dev.muster.executor;

import dev.muster.report.Status;
import java.util.Map;

/** The result of one task on one host after loops, retries and changed_when/failed_when. */
record HostOutcome(Status status, String message, Map<String, Object> registered, Map<String, Object> facts) {

    static HostOutcome notRun() {
        return new HostOutcome(null, "", Map.of(), Map.of());
    }
}
