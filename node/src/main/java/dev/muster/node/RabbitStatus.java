package dev.muster.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The RabbitMQ cluster as /api/v1/ping reports it. {@code source} says where it came from:
 * "management" (the cluster's own view: every known node, which run, which see partitions) or "amqp"
 * (the management API is off or failed: only what this node's connection tells).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RabbitStatus(@JsonProperty("reachable") boolean reachable,
                           @JsonProperty("source") String source,
                           @JsonProperty("cluster_name") String clusterName,
                           @JsonProperty("version") String version,
                           @JsonProperty("known_nodes") List<String> knownNodes,
                           @JsonProperty("running_nodes") List<String> runningNodes,
                           @JsonProperty("partitions") Map<String, List<String>> partitions,
                           @JsonProperty("missing_nodes") List<String> missingNodes,
                           @JsonProperty("as_of") String asOf,
                           @JsonProperty("error") String error) {
}
