package dev.muster.node;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The body of GET /api/v1/ping: Tower's fields ({@code ha}, {@code version}, {@code active_node},
 * {@code instances}) plus what Tower promised and never delivered: {@code rabbitmq}, {@code database}, and
 * {@code jobs} (the queue's depth; absent when the database is unreachable).
 * {@code instances_as_of} is set only when the database is unreachable and the list is the last one known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PingReport(@JsonProperty("ha") boolean ha,
                         @JsonProperty("version") String version,
                         @JsonProperty("active_node") String activeNode,
                         @JsonProperty("active_node_uuid") String activeNodeUuid,
                         @JsonProperty("instances") List<Instance> instances,
                         @JsonProperty("instances_as_of") String instancesAsOf,
                         @JsonProperty("rabbitmq") RabbitStatus rabbitmq,
                         @JsonProperty("database") DatabaseStatus database,
                         @JsonProperty("jobs") java.util.Map<String, Integer> jobs) {
}
