package dev.muster.manage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** list-nodes' two forms: a table for a person (lost nodes marked, in red on a terminal) and JSON for scripts. */
final class NodeTable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RESET = "\u001b[0m";

    private NodeTable() {
    }

    /**
     * @param candidates a node's possible RabbitMQ names (see {@link ClusterState#rabbitCandidates})
     * @param colour     ANSI colours (a terminal)
     */
    static String render(ClusterState state, Function<String, List<String>> candidates, boolean colour) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NODE", "STATUS", "HEARTBEAT", "CAPACITY", "VERSION", "RABBITMQ"});
        for (ClusterState.Node n : state.nodes()) {
            String status = n.lost() ? "LOST !" : n.status();
            String capacity = n.capacity() == n.configuredCapacity() ? String.valueOf(n.capacity())
                    : n.capacity() + " (of " + n.configuredCapacity() + ")";
            rows.add(new String[] {n.name(), status, age(n.heartbeatAgeSeconds()), capacity, n.version(),
                    state.membership(candidates.apply(n.name()))});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : pad(row[i], width[i] + 2));
            }
            String text = line.toString().stripTrailing();
            if (colour && r > 0) {
                ClusterState.Node n = state.nodes().get(r - 1);
                if (n.lost()) {
                    text = RED + text + RESET;
                } else if (!"alive".equals(n.status())) {
                    text = YELLOW + text + RESET;
                }
            }
            out.append(text).append('\n');
        }
        List<String> lost = state.nodes().stream().filter(ClusterState.Node::lost).map(ClusterState.Node::name).toList();
        if (!lost.isEmpty()) {
            out.append("! lost (no heartbeat): ").append(String.join(", ", lost))
                    .append(": it comes back when its host and node service do; if it will not, ./manage deprovision-node NAME\n");
        }
        if (!state.rabbit().known()) {
            out.append("RabbitMQ membership unknown: ").append(state.rabbit().error()).append('\n');
        } else {
            List<String> strays = strays(state, candidates);
            if (!strays.isEmpty()) {
                out.append("RabbitMQ members without a registered node: ").append(String.join(", ", strays)).append('\n');
            }
        }
        if (!state.deprovisioned().isEmpty()) {
            out.append("deprovisioned: ");
            List<String> gone = new ArrayList<>();
            state.deprovisioned().forEach(g -> gone.add(g.name() + " (" + g.at() + ")"));
            out.append(String.join(", ", gone)).append('\n');
        }
        out.append("(registry and RabbitMQ as ").append(state.source()).append(" sees them)\n");
        return out.toString();
    }

    static ObjectNode json(ClusterState state, Function<String, List<String>> candidates) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("source", state.source());
        ArrayNode nodes = doc.putArray("nodes");
        for (ClusterState.Node n : state.nodes()) {
            ObjectNode o = nodes.addObject();
            o.put("node", n.name());
            o.put("uuid", n.uuid());
            o.put("status", n.status());
            o.put("enabled", n.enabled());
            o.put("heartbeat", n.heartbeat());
            o.put("heartbeat_age_s", n.heartbeatAgeSeconds());
            o.put("capacity", n.capacity());
            o.put("configured_capacity", n.configuredCapacity());
            o.put("version", n.version());
            ObjectNode rabbit = o.putObject("rabbitmq");
            String member = state.rabbit().known() ? state.memberOf(candidates.apply(n.name())) : null;
            rabbit.put("membership", state.membership(candidates.apply(n.name())));
            rabbit.put("name", member);
        }
        ObjectNode rabbit = doc.putObject("rabbitmq");
        if (state.rabbit().known()) {
            rabbit.put("cluster_name", state.rabbit().clusterName());
            state.rabbit().members().forEach(rabbit.putArray("members")::add);
            state.rabbit().running().forEach(rabbit.putArray("running")::add);
            strays(state, candidates).forEach(rabbit.putArray("without_registered_node")::add);
        } else {
            rabbit.put("error", state.rabbit().error());
        }
        ArrayNode gone = doc.putArray("deprovisioned");
        for (ClusterState.Gone g : state.deprovisioned()) {
            gone.addObject().put("node", g.name()).put("uuid", g.uuid()).put("deprovisioned_at", g.at());
        }
        return doc;
    }

    private static List<String> strays(ClusterState state, Function<String, List<String>> candidates) {
        Set<String> matched = new HashSet<>();
        for (ClusterState.Node n : state.nodes()) {
            String member = state.memberOf(candidates.apply(n.name()));
            if (member != null) {
                matched.add(member);
            }
        }
        return state.rabbit().members().stream().filter(m -> !matched.contains(m)).toList();
    }

    static String age(double seconds) {
        long s = Math.round(seconds);
        if (s < 120) {
            return s + "s ago";
        }
        if (s < 7200) {
            return (s / 60) + "m ago";
        }
        return String.format(Locale.ROOT, "%.1fh ago", s / 3600.0);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
