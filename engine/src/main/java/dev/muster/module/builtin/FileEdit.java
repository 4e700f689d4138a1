package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;
import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Args;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
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
            s.line("if [ ! -e \"$mu_f\" ]; then mu_done; fi");
        }
        s.line("mu_edit \"$mu_f\" %s %s %s %s %s", q(mode), q(args.string("owner")), q(args.string("group")),
                args.bool("backup") ? "1" : "0", args.bool("create") ? "1" : "0");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec)));
    }

    private static TaskResult interpret(ScriptReport report) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        if (report.get("path") != null) {
            result = result.withData(Map.of("path", report.get("path")));
        }
        if (report.get("after") != null) {
            String before = report.get("before") == null ? "" : report.get("before");
            result = result.withDiff(new TaskResult.Diff(report.get("path"), before, report.get("after")));
        }
        return result;
    }
}
