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
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
            // -P: the physical directory, as Python's os.chdir gives the command (pwd and $PWD name no link)
            // a failure in Python's words, as Ansible's os.chdir(bytes) raises it
            String dir = args.string("chdir");
            script.line("mu_cd=%s", path(dir));
            script.line("if ! cd -P -- \"$mu_cd\" 2>/dev/null; then");
            script.line("  if [ ! -e \"$mu_cd\" ]; then mu_e='[Errno 2] No such file or directory'; elif [ ! -d \"$mu_cd\" ]; then "
                    + "mu_e='[Errno 20] Not a directory'; else mu_e='[Errno 13] Permission denied'; fi");
            script.line("  mu_fail \"Unable to change directory before execution: $mu_e: \"%s", q(pythonBytes(dir)));
            script.line("fi");
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
        boolean strip = !args.has("strip_empty_ends") || args.bool("strip_empty_ends");
        return new RemoteAction(script.finish(), stdin, exec -> interpret(exec, shown, strip, LocalDateTime.now()));
    }

    /** Python's repr of a bytes path: b'...' (b"..." when it holds a ' and no "), backslash and non-printables escaped. */
    static String pythonBytes(String text) {
        boolean dq = text.indexOf('\'') >= 0 && text.indexOf('"') < 0;
        StringBuilder out = new StringBuilder(dq ? "b\"" : "b'");
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '\\' || (!dq && c == '\'')) {
                out.append('\\').append((char) c);
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append((char) c);
            }
        }
        return out.append(dq ? '"' : '\'').toString();
    }

    static TaskResult interpret(ExecResult exec, Object shown) {
        return interpret(exec, shown, true, LocalDateTime.now());
    }

    /**
     * @param strip whether trailing line breaks leave stdout and stderr ({@code strip_empty_ends}, Ansible's default)
     * @param end   when the result arrived: start, end and delta are the controller's clock, in Python's formats
     */
    static TaskResult interpret(ExecResult exec, Object shown, boolean strip, LocalDateTime end) {
        ScriptReport report = ScriptReport.parse(exec);
        if (!report.present()) {
            return TaskResult.failed(report.diedMessage());
        }
        if (report.failed()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("msg", report.get("msg"));
            data.put("cmd", shown);
            data.put("rc", null);
            data.put("stdout", "");
            data.put("stderr", "");
            return new TaskResult(TaskResult.Status.FAILED, report.get("msg"), data, null, null);
        }
        if (report.flag("notrun")) {
            // not run: skipped in check mode, or kept from running by creates/removes (ok), or would run in check mode (changed)
            String stdout = report.get("stdout") == null ? "" : report.get("stdout");
            TaskResult.Status status = report.flag("skipped") ? TaskResult.Status.SKIPPED
                    : report.changed() ? TaskResult.Status.CHANGED : TaskResult.Status.OK;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("msg", report.get("msg"));
            data.put("cmd", shown);
            data.put("rc", 0);
            data.put("stdout", stdout);
            data.put("stdout_lines", ScriptReport.lines(stdout));
            data.put("stderr", "");
            data.put("stderr_lines", java.util.List.of());
            data.put("start", null);
            data.put("end", null);
            data.put("delta", null);
            if (status == TaskResult.Status.SKIPPED) {
                data.put("skipped", true); // Ansible's r['skipped'] in check mode, read by roles as result.skipped
            }
            return new TaskResult(status, report.get("msg"), data, null, null);
        }
        int rc = Integer.parseInt(report.get("rc"));
        String stdout = strip ? ScriptReport.stripNewline(report.output()) : report.output();
        String stderr = strip ? ScriptReport.stripNewline(exec.stderr()) : exec.stderr() == null ? "" : exec.stderr();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cmd", shown);
        data.put("rc", rc);
        data.put("stdout", stdout);
        data.put("stdout_lines", ScriptReport.lines(stdout));
        data.put("stderr", stderr);
        data.put("stderr_lines", ScriptReport.lines(stderr));
        Duration elapsed = exec.elapsed() == null ? Duration.ZERO : exec.elapsed();
        data.put("start", pythonTime(end.minus(elapsed)));
        data.put("end", pythonTime(end));
        data.put("delta", pythonDelta(elapsed));
        data.put("msg", "");
        if (rc != 0) {
            // a command that ran changed something, failed or not: failed_when false leaves it changed, as in Ansible
            data.put("msg", "non-zero return code");
            data.put("changed", true);
            return new TaskResult(TaskResult.Status.FAILED, "non-zero return code " + rc, data, null, null);
        }
        return new TaskResult(TaskResult.Status.CHANGED, "", data, null, null);
    }

    /** Python's str(datetime): "2026-12-02 10:52:14.123456", without the fraction when it is zero. */
    static String pythonTime(LocalDateTime time) {
        String text = time.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        int micros = time.getNano() / 1000;
        return micros == 0 ? text : text + String.format(".%06d", micros);
    }

    /** Python's str(timedelta): "0:00:00.003456", "1 day, 2:03:04". */
    static String pythonDelta(Duration delta) {
        long days = delta.toDays();
        long seconds = delta.getSeconds() - days * 86400;
        int micros = delta.getNano() / 1000;
        String text = String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60) + (micros == 0 ? "" : String.format(".%06d", micros));
        return days == 0 ? text : days + (days == 1 ? " day, " : " days, ") + text;
    }
}
