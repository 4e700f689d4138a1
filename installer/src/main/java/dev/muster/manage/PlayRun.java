package dev.muster.manage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** One {@code muster play} of a manage playbook: its exit code and its events from the log (already masked). */
record PlayRun(int exitCode, List<JsonNode> events) {

    /** The last result of {@code task} on {@code host}, if the task ran there. */
    Optional<JsonNode> result(String task, String host) {
        JsonNode found = null;
        for (JsonNode e : events) {
            if ("host_result".equals(e.path("event").asText()) && task.equals(e.path("task").asText())
                    && host.equals(e.path("host").asText())) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** A registered value of the task's result (stdout, stderr, rc ...). */
    Optional<JsonNode> data(String task, String host, String key) {
        return result(task, host).map(r -> r.path("data").path(key)).filter(v -> !v.isMissingNode() && !v.isNull());
    }

    String stdout(String task, String host) {
        return data(task, host, "stdout").map(JsonNode::asText).orElse("");
    }

    boolean ok(String task, String host) {
        return result(task, host).map(r -> List.of("OK", "CHANGED").contains(r.path("status").asText())).orElse(false);
    }

    boolean changed(String task, String host) {
        return result(task, host).map(r -> "CHANGED".equals(r.path("status").asText())).orElse(false);
    }

    /** Hosts the engine could not reach in this run. */
    Set<String> unreachable() {
        Set<String> hosts = new LinkedHashSet<>();
        for (JsonNode e : events) {
            if (List.of("host_result", "item_result").contains(e.path("event").asText()) && "UNREACHABLE".equals(e.path("status").asText())) {
                hosts.add(e.path("host").asText());
            }
        }
        return hosts;
    }

    /** The message of the first result that made the run fail on a host, or of any failure. */
    String unreachableReason(String host) {
        for (JsonNode e : events) {
            if ("UNREACHABLE".equals(e.path("status").asText()) && host.equals(e.path("host").asText())) {
                return ClusterState.firstLine(e.path("message").asText());
            }
        }
        return "unreachable";
    }

    /** "host: task: message" for every failed or unreachable result (not ignored), for the operator. */
    List<String> failures() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events) {
            String status = e.path("status").asText();
            if (List.of("host_result", "item_result").contains(e.path("event").asText())
                    && List.of("FAILED", "UNREACHABLE").contains(status) && !e.path("ignored").asBoolean(false)) {
                String said = e.path("data").path("stderr").asText("").strip();
                if (said.isEmpty()) {
                    said = e.path("data").path("stdout").asText("").strip();
                }
                out.add(e.path("host").asText() + ": " + e.path("task").asText() + " (" + status.toLowerCase(Locale.ROOT) + "): "
                        + e.path("message").asText().strip() + (said.isEmpty() ? "" : "\n    " + said.replace("\n", "\n    ")));
            }
        }
        if (out.isEmpty() && exitCode != 0) {
            out.add("muster play ended with exit code " + exitCode + " (see the messages above)");
        }
        return out;
    }
}
