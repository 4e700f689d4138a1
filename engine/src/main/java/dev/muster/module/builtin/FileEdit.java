package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;
import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Args;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What lineinfile and blockinfile share: the edit runs on the target in awk (mawk is in every
 * Debian install), so the controller never fetches the file; the data reaches awk through
 * environment variables, the result replaces the file atomically, and --diff gets before/after.
 */
final class FileEdit {

    private FileEdit() {
    }

    /** @param env the MU_* variables the awk program reads, already decided by the module */
    static RemoteAction plan(Args args, TaskContext context, String awkResource, Map<String, String> env) {
        String mode = Modes.normalize(args.string("mode"));
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        env.forEach(s::export);
        Validation.define(s, args.string("validate"), true);
        s.line("mu_awk=%s", q(ModuleScript.resource(awkResource)));
        s.line("mu_f=%s", path(args.string("path")));
        s.line("mu_set path \"$mu_f\"");
        if ("1".equals(env.get("MU_BR"))) {
            backrefs(s, "1".equals(env.get("MU_FM")));
        }
        if ("absent".equals(args.string("state"))) {
            // Removing from a file that is not there is already done.
            s.line("if [ ! -e \"$mu_f\" ]; then mu_set what notpresent; mu_done; fi");
        }
        boolean block = awkResource.startsWith("blockinfile");
        s.line("mu_edit \"$mu_f\" %s %s %s %s %s %s", q(mode), q(args.string("owner")), q(args.string("group")),
                args.bool("backup") ? "1" : "0", args.bool("create") ? "1" : "0", block ? "Path" : "Destination");
        String state = args.string("state");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), block, state));
    }

    /**
     * lineinfile's backrefs: the last (or, with firstmatch, the first) line that MU_BRE matches, found by GNU grep, and
     * Python's {@code match.expand(line)} for it made by GNU sed (the match replaced by the expansion between two
     * newlines, everything else cut away), handed to awk as MU_AT and MU_LINE. Both read the file as bytes (LC_ALL=C),
     * as Ansible's bytes patterns do. No match: MU_AT=0, and awk changes nothing.
     */
    private static void backrefs(ModuleScript s, boolean firstMatch) {
        s.line("MU_AT=0");
        s.line("if [ -f \"$mu_f\" ]; then");
        s.line("  mu_at=$(LC_ALL=C grep -a -n -E %s-e \"$MU_BRE\" -- \"$mu_f\" | %s)", firstMatch ? "-m 1 " : "", "tail -n 1");
        s.line("  mu_at=${mu_at%%%%:*}");
        s.line("  if [ -n \"$mu_at\" ]; then");
        s.line("    mu_D=$(printf '\\001')");
        s.line("    MU_LINE=$(LC_ALL=C sed -E -n \"${mu_at}{s${mu_D}${MU_BRE}${mu_D}\\n${MU_BREPL}\\n${mu_D};"
                + "s/^[^\\n]*\\n//;s/\\n[^\\n]*\\$//;p;q}\" -- \"$mu_f\") || mu_fail \"cannot expand the backrefs line in $mu_f\"");
        s.line("    MU_AT=$mu_at");
        s.line("  fi");
        s.line("fi");
        s.line("export MU_AT MU_LINE");
    }

    private static TaskResult interpret(ScriptReport report, boolean block, String state) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            // Ansible's rc for a missing file (257) or a directory (256)
            return report.get("rc") == null ? result : result.withData(Map.of("rc", Integer.parseInt(report.get("rc"))));
        }
        String msg = message(report, block, state);
        Map<String, Object> data = new LinkedHashMap<>();
        if (report.get("path") != null) {
            data.put("path", report.get("path"));
        }
        data.put("msg", msg);
        String what = report.get("what") == null ? "" : report.get("what");
        if (!block && "absent".equals(state)) {
            data.put("found", what.startsWith("removed ") ? Integer.parseInt(what.substring("removed ".length()).strip()) : 0);
        }
        if (!what.equals("notpresent") && report.get("path") != null) {
            data.put("diff", diffList(report));
        }
        Map<String, Object> kept = new LinkedHashMap<>(result.data());
        if (!block && !what.equals("notpresent")) {
            // lineinfile registers the backup's name as backup, "" when none was made; blockinfile as backup_file, when made
            Object backup = kept.remove("backup_file");
            data.put("backup", backup == null ? "" : backup);
        }
        result = new TaskResult(result.status(), msg, kept, result.facts(), result.diff()).withData(data);
        if (report.get("after") != null) {
            String before = report.get("before") == null ? "" : report.get("before");
            result = result.withDiff(new TaskResult.Diff(report.get("path"), before, report.get("after")));
        }
        return result;
    }

    /**
     * The registered {@code diff} as Ansible's modules return it whatever the mode: the content's before and after
     * (filled in diff mode, when the content changed) and the file attributes' headers.
     */
    private static List<Map<String, Object>> diffList(ScriptReport report) {
        String path = report.get("path");
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("before", report.get("after") == null || report.get("before") == null ? "" : report.get("before"));
        content.put("after", report.get("after") == null ? "" : report.get("after"));
        content.put("before_header", path + " (content)");
        content.put("after_header", path + " (content)");
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("before_header", path + " (file attributes)");
        attributes.put("after_header", path + " (file attributes)");
        return List.of(content, attributes);
    }

    /** The module's msg in Ansible's words: what the edit did, then whether attributes changed. */
    private static String message(ScriptReport report, boolean block, String state) {
        String what = report.get("what") == null ? "" : report.get("what").strip();
        List<String> changes = report.changes();
        boolean edited = changes.contains("created") || changes.contains("content");
        if (what.equals("notpresent")) {
            return block ? "File " + report.get("path") + " not present" : "file not present";
        }
        String msg = "";
        if (edited) {
            if (block) {
                msg = changes.contains("created") ? "File created" : "absent".equals(state) ? "Block removed" : "Block inserted";
            } else if (what.startsWith("removed ")) {
                msg = what.substring("removed ".length()).strip() + " line(s) removed";
            } else {
                msg = what.equals("replaced") ? "line replaced" : "line added";
            }
        }
        if (changes.stream().anyMatch(c -> c.startsWith("mode ") || c.startsWith("owner ") || c.startsWith("group "))) {
            msg += (msg.isEmpty() ? "" : " and ") + "ownership, perms or SE linux context changed";
        }
        return msg;
    }
}
