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
        if (args.has("creates")) {
            script.line("if [ -e %s ]; then mu_set skipped 1; mu_set msg %s; mu_done; fi",
                    path(args.string("creates")), q("skipped, since " + args.string("creates") + " exists"));
        }
        if (args.has("removes")) {
            script.line("if [ ! -e %s ]; then mu_set skipped 1; mu_set msg %s; mu_done; fi",
                    path(args.string("removes")), q("skipped, since " + args.string("removes") + " does not exist"));
        }
        if (context.check()) {
            script.line("mu_set skipped 1; mu_set msg 'command would have run if not in check mode'; mu_done");
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
        if (report.flag("skipped")) {
            return new TaskResult(TaskResult.Status.SKIPPED, report.get("msg"), Map.of("msg", report.get("msg"), "cmd", shown, "rc", 0,
                    "stdout", "", "stdout_lines", java.util.List.of(), "stderr", "", "stderr_lines", java.util.List.of()), null, null);
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
            data.put("msg", "non-zero return code");
            return new TaskResult(TaskResult.Status.FAILED, "non-zero return code " + rc, data, null, null);
        }
        return new TaskResult(TaskResult.Status.CHANGED, "", data, null, null);
    }
}
