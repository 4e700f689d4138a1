package dev.muster.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * One registered node as /api/v1/ping shows it. {@code capacity} is what the node offers now: zero when it
 * is lost or disabled, as the scheduler will count it; {@code running} the jobs it runs, {@code free_capacity}
 * what is left (absent when the database, which knows the jobs, is unreachable).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Instance(@JsonProperty("node") String node,
                       @JsonProperty("uuid") UUID uuid,
                       @JsonProperty("heartbeat") String heartbeat,
                       @JsonProperty("capacity") int capacity,
                       @JsonProperty("version") String version,
                       @JsonProperty("status") String status,
                       @JsonProperty("running") Integer running,
                       @JsonProperty("free_capacity") Integer freeCapacity) {

    public Instance(String node, UUID uuid, String heartbeat, int capacity, String version, String status) {
        this(node, uuid, heartbeat, capacity, version, status, null, null);
    }

    /** This instance with the jobs it runs now. */
    public Instance withRunning(int jobs) {
        return new Instance(node, uuid, heartbeat, capacity, version, status, jobs, Math.max(0, capacity - jobs));
    }

    public static final String ALIVE = "alive";
    public static final String LOST = "lost";
    public static final String DISABLED = "disabled";
}
