package dev.muster.setup;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The last lines an operator reads: from this run's part of the JSON-lines log (already masked),
 * either the cluster's nodes, URLs, database and what changed, or the hosts, tasks and messages
 * that failed. Reading the log, not the engine's objects, keeps the summary honest: it says only
 * what the log an operator keeps says too.
 */
final class SetupSummary {

    private static final int FAILURES_SHOWN = 8;

    record Node(String name, String url) {
    }

    private SetupSummary() {
    }

    static void print(PrintWriter out, List<JsonNode> events, Path log, int exitCode, Duration wall, List<Node> nodes, String database) {
        JsonNode recap = null;
        List<JsonNode> failures = new ArrayList<>();
        for (JsonNode event : events) {
            String kind = event.path("event").asText();
            if (kind.equals("recap")) {
                recap = event;
            } else if ((kind.equals("host_result") || kind.equals("item_result"))
                    && List.of("FAILED", "UNREACHABLE").contains(event.path("status").asText())
                    && !event.path("ignored").asBoolean(false)) {
                failures.add(event);
            }
        }
        out.println();
        if (exitCode == 0) {
            out.println("Muster cluster installed and verified in " + human(wall) + ".");
            out.println("  nodes:");
            nodes.forEach(n -> out.println("    " + n.name() + "  " + n.url()));
            out.println("  database: " + database);
            if (recap != null) {
                out.println("  changed:  " + changed(recap));
            }
        } else {
            out.println("Muster setup FAILED after " + human(wall) + " (exit code " + exitCode + ").");
            for (JsonNode failure : failures.subList(Math.max(0, failures.size() - FAILURES_SHOWN), failures.size())) {
                out.println("  " + failure.path("host").asText() + ": " + failure.path("task").asText() + " ("
                        + failure.path("status").asText().toLowerCase(java.util.Locale.ROOT) + ")");
                for (String line : failure.path("message").asText().split("\n")) {
                    out.println("      " + line);
                }
            }
        }
        out.println("  log:      " + log.toAbsolutePath());
        out.flush();
    }

    private static String changed(JsonNode recap) {
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = recap.path("hosts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> host = it.next();
            int changed = host.getValue().path("changed").asInt();
            total += changed;
            parts.add(host.getKey() + "=" + changed);
        }
        return (total == 0 ? "nothing (" : total + " changes (") + String.join(" ", parts) + ")";
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
