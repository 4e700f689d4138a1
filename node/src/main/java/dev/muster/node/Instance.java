package dev.muster.node;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * One registered node as /api/v1/ping shows it. {@code capacity} is what the node offers now: zero when it
 * is lost or disabled, as the scheduler will count it.
 */
public record Instance(@JsonProperty("node") String node,
                       @JsonProperty("uuid") UUID uuid,
                       @JsonProperty("heartbeat") String heartbeat,
                       @JsonProperty("capacity") int capacity,
                       @JsonProperty("version") String version,
                       @JsonProperty("status") String status) {

    public static final String ALIVE = "alive";
    public static final String LOST = "lost";
    public static final String DISABLED = "disabled";
}
