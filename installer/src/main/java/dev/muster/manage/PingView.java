package dev.muster.manage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** /api/v1/ping for a person: who answered, each instance on a line, RabbitMQ and the database in a sentence each. */
final class PingView {

    private PingView() {
    }

    static String render(String from, JsonNode ping) {
        StringBuilder out = new StringBuilder();
        out.append("ping (/api/v1/ping through nginx on ").append(from).append("): version ").append(ping.path("version").asText("?"))
                .append(", answered by ").append(ping.path("active_node").asText("?"))
                .append(ping.path("ha").asBoolean() ? ", ha" : ", single node").append('\n');
        out.append("  instances").append(ping.hasNonNull("instances_as_of") ? " (as of " + ping.path("instances_as_of").asText() + ")" : "")
                .append(":\n");
        int width = 4;
        for (JsonNode i : ping.path("instances")) {
            width = Math.max(width, i.path("node").asText().length());
        }
        for (JsonNode i : ping.path("instances")) {
            String status = i.path("status").asText();
            out.append(String.format(Locale.ROOT, "    %-" + width + "s  %-8s capacity %-4d version %-10s heartbeat %s%s%n",
                    i.path("node").asText(), status, i.path("capacity").asInt(), i.path("version").asText(),
                    i.path("heartbeat").asText(), "lost".equals(status) ? "   <-- LOST" : ""));
        }
        JsonNode r = ping.path("rabbitmq");
        if (r.path("reachable").asBoolean(false)) {
            List<String> running = strings(r.path("running_nodes"));
            List<String> known = strings(r.path("known_nodes"));
            out.append("  rabbitmq: ").append(r.path("cluster_name").asText("?")).append(", ").append(running.size()).append(" of ")
                    .append(known.size()).append(" nodes running (").append(String.join(", ", running)).append(")");
            List<String> missing = strings(r.path("missing_nodes"));
            if (!missing.isEmpty()) {
                out.append("; missing: ").append(String.join(", ", missing));
            }
            if (r.path("partitions").size() > 0) {
                out.append("; PARTITIONS: ").append(r.path("partitions").toString());
            }
            out.append('\n');
        } else {
            out.append("  rabbitmq: UNREACHABLE").append(r.hasNonNull("error") ? ": " + r.path("error").asText() : "").append('\n');
        }
        JsonNode d = ping.path("database");
        if (d.path("reachable").asBoolean(false)) {
            out.append("  database: reachable, PostgreSQL ").append(d.path("server_version").asText("?"))
                    .append(d.hasNonNull("latency_ms") ? String.format(Locale.ROOT, ", %.1f ms", d.path("latency_ms").asDouble()) : "")
                    .append('\n');
        } else {
            out.append("  database: UNREACHABLE").append(d.hasNonNull("error") ? ": " + d.path("error").asText() : "").append('\n');
        }
        return out.toString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
