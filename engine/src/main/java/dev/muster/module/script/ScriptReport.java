package dev.muster.module.script;

import dev.muster.connection.ExecResult;
import dev.muster.module.TaskResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a module script reported: the output its commands printed before the result block, and
 * the block's fields. The block is the text after the LAST "\n@@muster@@\n", so output of a user
 * command that imitates the marker cannot forge a result: the real block is always printed last.
 *
 * @param output  what the script printed before its result block (a command's stdout)
 * @param fields  key to value, base64 values already decoded; repeated keys keep every value in {@link #all}
 * @param present whether a result block was printed at all (false: the script died before the end)
 */
public record ScriptReport(String output, Map<String, String> fields, Map<String, List<String>> all, boolean present,
                           ExecResult exec) {

    static final String MARKER = "\n@@muster@@\n";

    public static ScriptReport parse(ExecResult exec) {
        String stdout = exec.stdout() == null ? "" : exec.stdout();
        int at = stdout.lastIndexOf(MARKER);
        if (at < 0) {
            return new ScriptReport(stdout, Map.of(), Map.of(), false, exec);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String line : stdout.substring(at + MARKER.length()).split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (key.endsWith(":b64")) {
                key = key.substring(0, key.length() - 4);
                value = new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
            }
            fields.put(key, value);
            all.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return new ScriptReport(stdout.substring(0, at), fields, all, true, exec);
    }

    public String get(String key) {
        return fields.get(key);
    }

    public boolean flag(String key) {
        return "1".equals(fields.get(key));
    }

    public boolean changed() {
        return flag("changed");
    }

    public boolean failed() {
        return !present || flag("failed");
    }

    /** The changes the script recorded with mu_change, in order. */
    public List<String> changes() {
        return all.getOrDefault("change", List.of());
    }

    /**
     * The task result for a script that changes state: failed with the script's message (or its
     * stderr when it died before reporting), else changed or ok. The executor adds changed/failed
     * to registered data.
     */
    public TaskResult toResult(String okMessage) {
        if (!present) {
            return TaskResult.failed(diedMessage());
        }
        if (failed()) {
            return TaskResult.failed(fields.getOrDefault("msg", "failed")).withData(Map.of("msg", fields.getOrDefault("msg", "failed")));
        }
        String message = changed() ? String.join(", ", changes()) : okMessage;
        TaskResult result = TaskResult.of(changed(), message);
        if (fields.containsKey("backup_file")) {
            result = result.withData(Map.of("backup_file", fields.get("backup_file")));
        }
        return result;
    }

    /** The message for a script that ended without its result block: exit code and the end of stderr. */
    public String diedMessage() {
        String err = exec.stderr() == null ? "" : exec.stderr().strip();
        if (err.length() > 2000) {
            err = "..." + err.substring(err.length() - 2000);
        }
        return "module script ended without a result (exit " + exec.exitCode() + ")" + (err.isEmpty() ? "" : ": " + err);
    }

    /** Text split into lines the way Ansible's *_lines are: no trailing empty line. */
    public static List<String> lines(String text) {
        return text == null ? List.of() : text.lines().toList();
    }

    /** Ansible strips trailing line breaks from stdout and stderr. */
    public static String stripNewline(String text) {
        if (text == null) {
            return "";
        }
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
