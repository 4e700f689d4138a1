package dev.muster.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster as one surviving node sees it: the node registry (from {@code muster-node admin list --json}) and
 * RabbitMQ's membership (from {@code rabbitmqctl cluster_status --formatter json}). Pure: parsed from the two
 * outputs, so every rule here is unit-tested without hosts.
 */
record ClusterState(String source, List<Node> nodes, List<Gone> deprovisioned, Rabbit rabbit) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A registered node. {@code capacity} is what it offers now (0 when lost or disabled). */
    record Node(String name, String uuid, String status, boolean enabled, int capacity, int configuredCapacity,
                String heartbeat, double heartbeatAgeSeconds, String version) {
        boolean lost() {
            return "lost".equals(status);
        }
    }

    /** A deprovisioned node (its tombstone). */
    record Gone(String name, String uuid, String at) {
    }

    /** RabbitMQ membership; {@code error} says why it is unknown when the broker did not answer. */
    record Rabbit(String error, String clusterName, List<String> members, List<String> running) {
        boolean known() {
            return error == null;
        }
    }

    static ClusterState parse(String source, String registryJson, int rabbitRc, String rabbitOut, String rabbitErr) {
        JsonNode registry = read(registryJson, "the registry (muster-node admin list --json)");
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : registry.path("nodes")) {
            nodes.add(new Node(n.path("node").asText(), n.path("uuid").asText(), n.path("status").asText(),
                    n.path("enabled").asBoolean(true), n.path("capacity").asInt(), n.path("configured_capacity").asInt(),
                    n.path("heartbeat").asText(), n.path("heartbeat_age_s").asDouble(), n.path("version").asText()));
        }
        List<Gone> gone = new ArrayList<>();
        for (JsonNode g : registry.path("deprovisioned")) {
            gone.add(new Gone(g.path("node").asText(), g.path("uuid").asText(), g.path("deprovisioned_at").asText()));
        }
        return new ClusterState(source, nodes, gone, rabbit(rabbitRc, rabbitOut, rabbitErr));
    }

    static Rabbit rabbit(int rc, String out, String err) {
        if (rc != 0) {
            String why = (err == null || err.isBlank() ? out : err);
            return new Rabbit("rabbitmqctl cluster_status failed (exit " + rc + "): " + firstLine(why), null, List.of(), List.of());
        }
        JsonNode status;
        try {
            status = JSON.readTree(out);
        } catch (IOException e) {
            return new Rabbit("rabbitmqctl cluster_status printed no JSON: " + firstLine(out), null, List.of(), List.of());
        }
        Set<String> members = new LinkedHashSet<>();
        status.path("disk_nodes").forEach(n -> members.add(n.asText()));
        status.path("ram_nodes").forEach(n -> members.add(n.asText()));
        List<String> running = new ArrayList<>();
        status.path("running_nodes").forEach(n -> running.add(n.asText()));
        return new Rabbit(null, status.path("cluster_name").asText(null), new ArrayList<>(members), running);
    }

    Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** The latest tombstone of this name, when it is not registered again since. */
    Optional<Gone> gone(String name) {
        if (node(name).isPresent()) {
            return Optional.empty();
        }
        return deprovisioned.stream().filter(g -> g.name().equals(name)).reduce((a, b) -> b);
    }

    List<String> names() {
        return nodes.stream().map(Node::name).toList();
    }

    /**
     * The RabbitMQ member that is this node: {@code rabbit@X} where X is one of the names the node may have
     * there (its rabbitmq_host, its inventory name, the name's first label); null when none is a member.
     */
    String memberOf(List<String> candidates) {
        for (String member : rabbit.members()) {
            String host = member.substring(member.indexOf('@') + 1);
            for (String candidate : candidates) {
                if (host.equalsIgnoreCase(candidate)) {
                    return member;
                }
            }
        }
        return null;
    }

    /** "running", "stopped" (a member that is down), "not a member", or "unknown" when the broker did not answer. */
    String membership(List<String> candidates) {
        if (!rabbit.known()) {
            return "unknown";
        }
        String member = memberOf(candidates);
        if (member == null) {
            return "not a member";
        }
        return rabbit.running().contains(member) ? "running" : "stopped";
    }

    /** The names a node may have in RabbitMQ: rabbitmq_host when set, the inventory name, its first label. */
    static List<String> rabbitCandidates(String host, Object rabbitmqHost) {
        Set<String> names = new LinkedHashSet<>();
        if (rabbitmqHost != null && !String.valueOf(rabbitmqHost).isBlank()) {
            names.add(String.valueOf(rabbitmqHost).strip().toLowerCase(Locale.ROOT));
        }
        names.add(host.toLowerCase(Locale.ROOT));
        if (host.contains(".") && !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            names.add(host.substring(0, host.indexOf('.')).toLowerCase(Locale.ROOT));
        }
        return new ArrayList<>(names);
    }

    private static JsonNode read(String text, String what) {
        try {
            JsonNode node = JSON.readTree(text == null ? "" : text);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is not JSON: " + firstLine(text));
        }
    }

    static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(no output)";
        }
        return text.strip().lines().findFirst().orElse("");
    }
}
