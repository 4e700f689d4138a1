package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.error.ExitCodes;
import java.util.Set;

/** How a job reads to a person, and what its final state means as an exit code. */
final class JobView {

    static final Set<String> FINAL = Set.of("successful", "failed", "error", "canceled");

    private JobView() {
    }

    static boolean isFinal(JsonNode job) {
        return FINAL.contains(job.path("status").asText());
    }

    /** One job, several lines: what it runs, where, when, how it ended. */
    static String render(JsonNode job) {
        StringBuilder text = new StringBuilder();
        text.append("job ").append(job.path("id").asText()).append(": ").append(job.path("status").asText());
        if (!job.path("node").asText("").isEmpty()) {
            text.append(" on ").append(job.path("node").asText());
        }
        text.append('\n');
        line(text, "project", job.path("project").asText("") + revision(job));
        line(text, "playbook", job.path("playbook").asText(""));
        line(text, "created", job.path("created").asText(""));
        line(text, "started", job.path("started").asText(""));
        line(text, "finished", job.path("finished").asText(""));
        if (job.hasNonNull("exit_code")) {
            line(text, "exit code", job.path("exit_code").asText());
        }
        line(text, "reason", job.path("reason").asText(""));
        return text.toString();
    }

    /** A table of jobs, one line each. */
    static String table(JsonNode jobs) {
        StringBuilder text = new StringBuilder(String.format("%-8s %-11s %-16s %-20s %-24s %s%n", "ID", "STATUS", "NODE", "PROJECT", "PLAYBOOK", "CREATED"));
        for (JsonNode job : jobs) {
            text.append(String.format("%-8s %-11s %-16s %-20s %-24s %s%n", job.path("id").asText(), job.path("status").asText(),
                    job.path("node").asText(""), job.path("project").asText(""), job.path("playbook").asText(""),
                    job.path("created").asText("")));
        }
        return text.toString();
    }

    /** The exit code a final state stands for, as ansible-playbook's: the engine's own where it gave one. */
    static int exitCode(JsonNode job) {
        return switch (job.path("status").asText()) {
            case "successful" -> ExitCodes.OK;
            case "failed" -> job.path("exit_code").asInt(0) > 0 ? job.path("exit_code").asInt() : ExitCodes.HOST_FAILED;
            case "canceled" -> ExitCodes.INTERRUPTED;
            case "error" -> ExitCodes.ERROR;
            default -> ExitCodes.OK;
        };
    }

    private static String revision(JsonNode job) {
        String revision = job.path("revision").asText("");
        return revision.isEmpty() ? "" : " @ " + (revision.length() > 12 ? revision.substring(0, 12) : revision);
    }

    private static void line(StringBuilder text, String label, String value) {
        if (!value.isEmpty()) {
            text.append(String.format("  %-10s %s%n", label + ":", value));
        }
    }
}
