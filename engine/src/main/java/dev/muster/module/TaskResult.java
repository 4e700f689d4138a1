package dev.muster.module;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a task on a host. {@code data} is what {@code register} stores (rc, stdout,
 * stdout_lines, stderr, stat, json, ...); {@code facts} are set on the host (set_fact); {@code diff}
 * is shown with --diff. The executor adds {@code changed} and {@code failed} to registered data.
 */
public record TaskResult(Status status, String message, Map<String, Object> data, Map<String, Object> facts, Diff diff) {

    public enum Status { OK, CHANGED, FAILED, SKIPPED }

    /** File content before and after, for --diff; null where the module has none. */
    public record Diff(String path, String before, String after) {
    }

    public TaskResult {
        data = data == null ? Map.of() : data;
        facts = facts == null ? Map.of() : facts;
        message = message == null ? "" : message;
    }

    public static TaskResult ok(String message) {
        return new TaskResult(Status.OK, message, null, null, null);
    }

    public static TaskResult changed(String message) {
        return new TaskResult(Status.CHANGED, message, null, null, null);
    }

    public static TaskResult failed(String message) {
        return new TaskResult(Status.FAILED, message, null, null, null);
    }

    public static TaskResult of(boolean changed, String message) {
        return changed ? changed(message) : ok(message);
    }

    public TaskResult withData(Map<String, Object> more) {
        Map<String, Object> merged = new LinkedHashMap<>(data);
        merged.putAll(more);
        return new TaskResult(status, message, merged, facts, diff);
    }

    public TaskResult withFacts(Map<String, Object> more) {
        Map<String, Object> merged = new LinkedHashMap<>(facts);
        merged.putAll(more);
        return new TaskResult(status, message, data, merged, diff);
    }

    public TaskResult withDiff(Diff newDiff) {
        return new TaskResult(status, message, data, facts, newDiff);
    }


    /** CHANGED, or FAILED after changing something (a command that ran and exited non-zero: failed_when false makes it changed). */
    public boolean changed() {
        return status == Status.CHANGED || status == Status.FAILED && Boolean.TRUE.equals(data.get("changed"));
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
