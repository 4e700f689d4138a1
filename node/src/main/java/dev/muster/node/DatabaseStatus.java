package dev.muster.node;

import com.fasterxml.jackson.annotation.JsonProperty;

/** PostgreSQL as this node sees it: {@code latency_ms} is one round trip of a trivial query. */
public record DatabaseStatus(@JsonProperty("reachable") boolean reachable,
                             @JsonProperty("server_version") String serverVersion,
                             @JsonProperty("latency_ms") Double latencyMs,
                             @JsonProperty("error") String error) {
}
