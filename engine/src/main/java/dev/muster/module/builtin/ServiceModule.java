package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.util.Map;

/**
 * Starts, stops, restarts, reloads and enables services: with systemctl when systemd runs the
 * host ({@code /run/systemd/system} exists), else with /etc/init.d/NAME and update-rc.d.
 */
public final class ServiceModule implements Module {

    static final String SYSTEMD_DIR = "/run/systemd/system";
    static final String INIT_DIR = "/etc/init.d/";

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("name", Type.STRING)
            .choice("state", null, "started", "stopped", "restarted", "reloaded")
            .optional("enabled", Type.BOOL)
            .optional("daemon_reload", Type.BOOL, false)
            .build();

    @Override
    public String name() {
        return "service";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String name = args.string("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9@._:\\\\-]*")) {
            throw new ArgumentException("'" + name + "' is not a service name");
        }
        if (!args.has("state") && !args.has("enabled") && !args.bool("daemon_reload")) {
            throw new ArgumentException("service needs state, enabled or daemon_reload");
        }
        String state = args.string("state");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_n=%s", q(name));
        s.line("if [ -d %s ]; then", SYSTEMD_DIR);
        if (args.bool("daemon_reload")) {
            s.line("  [ \"$mu_check\" = 1 ] || systemctl daemon-reload || mu_fail 'systemctl daemon-reload failed'");
        }
        s.line("  systemctl cat -- \"$mu_n\" >/dev/null 2>&1 || mu_fail \"could not find the requested service $mu_n\"");
        s.line("  mu_running() { systemctl is-active --quiet -- \"$mu_n\"; }");
        s.line("  mu_do() { systemctl \"$1\" -- \"$mu_n\"; }");
        s.line("  mu_enabled() { systemctl is-enabled --quiet -- \"$mu_n\" 2>/dev/null; }");
        s.line("  mu_enable() { systemctl \"$1\" --quiet -- \"$mu_n\"; }");
        s.line("else");
        s.line("  mu_i=%s\"$mu_n\"", INIT_DIR);
        s.line("  [ -x \"$mu_i\" ] || mu_fail \"could not find the requested service $mu_n (no systemd, no $mu_i)\"");
        s.line("  mu_running() { \"$mu_i\" status >/dev/null 2>&1; }");
        s.line("  mu_do() { \"$mu_i\" \"$1\"; }");
        s.line("  mu_enabled() { set -- /etc/rc[2345].d/S[0-9][0-9]\"$mu_n\"; [ -e \"$1\" ]; }");
        s.line("  mu_enable() { update-rc.d \"$mu_n\" \"$1\" >/dev/null; }");
        s.line("fi");
        if (state != null) {
            switch (state) {
                case "started" -> s.line("if ! mu_running; then mu_change started; [ \"$mu_check\" = 1 ] || mu_do start >&2 || mu_fail \"cannot start $mu_n\"; fi");
                case "stopped" -> s.line("if mu_running; then mu_change stopped; [ \"$mu_check\" = 1 ] || mu_do stop >&2 || mu_fail \"cannot stop $mu_n\"; fi");
                case "restarted" -> s.line("mu_change restarted; [ \"$mu_check\" = 1 ] || mu_do restart >&2 || mu_fail \"cannot restart $mu_n\"");
                // Reloading a stopped service starts it, as Ansible does.
                default -> s.line("if mu_running; then mu_change reloaded; [ \"$mu_check\" = 1 ] || mu_do reload >&2 || mu_fail \"cannot reload $mu_n\";"
                        + " else mu_change started; [ \"$mu_check\" = 1 ] || mu_do start >&2 || mu_fail \"cannot start $mu_n\"; fi");
            }
        }
        if (args.has("enabled")) {
            if (args.bool("enabled")) {
                s.line("if ! mu_enabled; then mu_change enabled; [ \"$mu_check\" = 1 ] || mu_enable enable || mu_fail \"cannot enable $mu_n\"; fi");
            } else {
                s.line("if mu_enabled; then mu_change disabled; [ \"$mu_check\" = 1 ] || mu_enable disable || mu_fail \"cannot disable $mu_n\"; fi");
            }
        }
        s.line("if mu_running; then mu_set state started; else mu_set state stopped; fi");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), name));
    }

    private static TaskResult interpret(ScriptReport report, String name) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        return result.withData(Map.of("name", name, "state", report.get("state")));
    }
}
