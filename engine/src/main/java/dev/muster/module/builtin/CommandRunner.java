package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;
import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Args;
import dev.muster.connection.ExecResult;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What command and shell share: chdir, the creates/removes guards, check mode (the command is
 * skipped, as Ansible does), running the command line, and reading rc/stdout/stderr back.
 */
final class CommandRunner {

    private CommandRunner() {
    }

    /**
     * @param commandLine the sh text that runs the command, built only from quoted words
     * @param shown       what the result's {@code cmd} holds
     */
    static RemoteAction plan(Args args, TaskContext context, String commandLine, Object shown) {
        ModuleScript script = ModuleScript.start(context.check(), context.diff());
        if (args.has("chdir")) {
            script.line("cd -- %s || mu_fail %s", path(args.string("chdir")), q("cannot change directory to " + args.string("chdir")));
        }
        // creates and removes are globs, tested after chdir and also in check mode, as in Ansible.
        String did = context.check() ? "Would" : "Did";
        if (args.has("creates")) {
            String creates = args.string("creates");
            script.line("for mu_g in %s; do if [ -e \"$mu_g\" ] || [ -L \"$mu_g\" ]; then mu_set notrun 1; mu_set msg %s; mu_set stdout %s; mu_done; fi; done",
                    ModuleScript.glob(creates), q(did + " not run command since '" + creates + "' exists"), q("skipped, since " + creates + " exists"));
        }
        if (args.has("removes")) {
            String removes = args.string("removes");
            script.line("mu_g=; for mu_g in %s; do if [ -e \"$mu_g\" ] || [ -L \"$mu_g\" ]; then mu_g=1; break; fi; mu_g=; done", ModuleScript.glob(removes));
            script.line("if [ -z \"$mu_g\" ]; then mu_set notrun 1; mu_set msg %s; mu_set stdout %s; mu_done; fi",
                    q(did + " not run command since '" + removes + "' does not exist"), q("skipped, since " + removes + " does not exist"));
        }
        if (context.check()) {
            // Ansible: with a creates/removes guard the command counts as changed, without one it is skipped.
            boolean guarded = args.has("creates") || args.has("removes");
            script.line("mu_set notrun 1; mu_set msg 'Command would have run if not in check mode'; %s mu_done", guarded ? "mu_changed=1;" : "mu_set skipped 1;");
        }
        byte[] stdin = null;
        if (args.has("stdin")) {
            String text = args.string("stdin") + (args.bool("stdin_add_newline") ? "\n" : "");
            stdin = text.getBytes(StandardCharsets.UTF_8);
            script.line("mu_input | { %s; }", commandLine);
        } else {
            // A command never waits on the connection's input.
            script.line("%s </dev/null", commandLine);
        }
        script.line("mu_rc=$?; mu_changed=1; mu_set rc \"$mu_rc\"");
        return new RemoteAction(script.finish(), stdin, exec -> interpret(exec, shown));
    }

    static TaskResult interpret(ExecResult exec, Object shown) {
        ScriptReport report = ScriptReport.parse(exec);
        if (!report.present()) {
            return TaskResult.failed(report.diedMessage());
        }
        if (report.failed()) {
            return TaskResult.failed(report.get("msg")).withData(Map.of("msg", report.get("msg"), "cmd", shown));
        }
        if (report.flag("notrun")) {
            // not run: skipped in check mode, or kept from running by creates/removes (ok), or would run in check mode (changed)
            String stdout = report.get("stdout") == null ? "" : report.get("stdout");
            TaskResult.Status status = report.flag("skipped") ? TaskResult.Status.SKIPPED
                    : report.changed() ? TaskResult.Status.CHANGED : TaskResult.Status.OK;
            return new TaskResult(status, report.get("msg"), Map.of("msg", report.get("msg"), "cmd", shown, "rc", 0,
                    "stdout", stdout, "stdout_lines", ScriptReport.lines(stdout), "stderr", "", "stderr_lines", java.util.List.of()), null, null);
        }
        int rc = Integer.parseInt(report.get("rc"));
        String stdout = ScriptReport.stripNewline(report.output());
        String stderr = ScriptReport.stripNewline(exec.stderr());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cmd", shown);
        data.put("rc", rc);
        data.put("stdout", stdout);
        data.put("stdout_lines", ScriptReport.lines(stdout));
        data.put("stderr", stderr);
        data.put("stderr_lines", ScriptReport.lines(stderr));
        data.put("delta", String.valueOf(exec.elapsed()));
        if (rc != 0) {
            // a command that ran changed something, failed or not: failed_when false leaves it changed, as in Ansible
            data.put("msg", "non-zero return code");
            data.put("changed", true);
            return new TaskResult(TaskResult.Status.FAILED, "non-zero return code " + rc, data, null, null);
        }
        return new TaskResult(TaskResult.Status.CHANGED, "", data, null, null);
    }
}
