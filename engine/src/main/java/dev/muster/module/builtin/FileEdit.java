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
        Validation.define(s, args.string("validate"));
        s.line("mu_awk=%s", q(ModuleScript.resource(awkResource)));
        s.line("mu_f=%s", path(args.string("path")));
        s.line("mu_set path \"$mu_f\"");
        if ("absent".equals(args.string("state"))) {
            // Removing from a file that is not there is already done.
            s.line("if [ ! -e \"$mu_f\" ]; then mu_set what notpresent; mu_done; fi");
        }
        s.line("mu_edit \"$mu_f\" %s %s %s %s %s", q(mode), q(args.string("owner")), q(args.string("group")),
                args.bool("backup") ? "1" : "0", args.bool("create") ? "1" : "0");
        boolean block = awkResource.startsWith("blockinfile");
        String state = args.string("state");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), block, state));
    }

    private static TaskResult interpret(ScriptReport report, boolean block, String state) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
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
        result = new TaskResult(result.status(), msg, result.data(), result.facts(), result.diff()).withData(data);
        if (report.get("after") != null) {
            String before = report.get("before") == null ? "" : report.get("before");
            result = result.withDiff(new TaskResult.Diff(report.get("path"), before, report.get("after")));
        }
        return result;
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
