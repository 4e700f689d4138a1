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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ansible.builtin.systemd (systemd_service): a unit's state, enablement and mask through systemctl, as Ansible's
 * module decides them: the unit's {@code systemctl show} properties, read before any change, are registered as
 * {@code status}; {@code state} reloaded/restarted of a stopped unit starts it; {@code daemon_reload} alone needs no
 * name. {@code scope: user/global} is refused at plan time: a user's manager needs that user's session bus, which a
 * task run over SSH (or through sudo) does not have, so Ansible's module fails or acts on another manager there.
 */
public final class SystemdModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("name", Type.STRING).alias("name", "service", "unit")
            .choice("state", null, "reloaded", "restarted", "started", "stopped")
            .optional("enabled", Type.BOOL)
            .optional("force", Type.BOOL, false)
            .optional("masked", Type.BOOL)
            .optional("daemon_reload", Type.BOOL, false).alias("daemon_reload", "daemon-reload")
            .optional("daemon_reexec", Type.BOOL, false).alias("daemon_reexec", "daemon-reexec")
            .choice("scope", "system", "system", "user", "global")
            .optional("no_block", Type.BOOL, false)
            .build();

    @Override
    public String name() {
        return "systemd";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        if (!"system".equals(args.string("scope"))) {
            throw new ArgumentException("scope", "scope " + args.string("scope") + " is not supported: only the system manager"
                    + " (a user's manager needs that user's session bus, which a task over SSH does not have); see README");
        }
        String name = args.string("name");
        boolean daemonReload = args.bool("daemon_reload");
        boolean daemonReexec = args.bool("daemon_reexec");
        if (!args.has("state") && !args.has("enabled") && !args.has("masked") && !daemonReload && !daemonReexec) {
            throw new ArgumentException("one of the following is required: state, enabled, masked, daemon_reload, daemon_reexec");
        }
        for (String needsName : new String[] {"state", "enabled", "masked"}) {
            if (args.has(needsName) && name == null) {
                throw new ArgumentException(needsName, "missing parameter(s) required by '" + needsName + "': name");
            }
        }
        if (name != null) {
            for (String glob : new String[] {"*", "?", "["}) {
                if (name.contains(glob)) {
                    throw new ArgumentException("name", "This module does not currently support using glob patterns, found '" + glob
                            + "' in service name: " + name);
                }
            }
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9@._:\\\\-]*")) {
                throw new ArgumentException("name", "'" + name + "' is not a unit name");
            }
        }
        String flags = (args.bool("no_block") ? " --no-block" : "") + (args.bool("force") ? " --force" : "");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("command -v systemctl >/dev/null 2>&1 || mu_fail 'Failed to find required executable \"systemctl\" in paths'");
        s.line("mu_sc() { systemctl%s \"$@\"; }", flags);
        if (daemonReload) {
            s.line("if [ \"$mu_check\" != 1 ]; then mu_e=$(mu_sc daemon-reload 2>&1 >/dev/null) || mu_fail \"failure $? during daemon-reload: $mu_e\"; fi");
        }
        if (daemonReexec) {
            s.line("if [ \"$mu_check\" != 1 ]; then mu_e=$(mu_sc daemon-reexec 2>&1 >/dev/null) || mu_fail \"failure $? during daemon-reexec: $mu_e\"; fi");
        }
        if (name != null) {
            unit(s, args, name);
        }
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), args));
    }

    /** The unit's part: its properties first (registered as status), then mask, enablement and state in Ansible's order. */
    private static void unit(ModuleScript s, Args args, String name) {
        s.line("mu_n=%s", q(name));
        s.line("mu_show=$(mu_sc show -- \"$mu_n\" 2>/dev/null) || mu_show=");
        s.line("mu_set status \"$mu_show\"");
        s.line("mu_prop() { printf '%%s\\n' \"$mu_show\" | sed -n \"s/^$1=//p\" | head -n 1; }");
        s.line("mu_load=$(mu_prop LoadState); mu_active=$(mu_prop ActiveState)");
        s.line("mu_found=0");
        s.line("if [ -n \"$mu_load\" ] && [ \"$mu_load\" != not-found ]; then mu_found=1; elif [ -x /etc/init.d/\"$mu_n\" ]; then mu_found=1; fi");
        s.line("mu_missing() { [ \"$mu_found\" = 1 ] || mu_fail \"Could not find the requested service $mu_n: host\"; }");
        if (args.has("masked")) {
            boolean masked = args.bool("masked");
            s.line("if [ \"$(mu_sc is-enabled -- \"$mu_n\" 2>/dev/null)\" = masked ]; then mu_m=1; else mu_m=0; fi");
            s.line("if [ \"$mu_m\" != %s ]; then mu_change %s; if [ \"$mu_check\" != 1 ]; then mu_sc %s -- \"$mu_n\" >/dev/null 2>&1 || mu_missing; fi; fi",
                    masked ? "1" : "0", masked ? "masked" : "unmasked", masked ? "mask" : "unmask");
        }
        if (args.has("enabled")) {
            boolean enabled = args.bool("enabled");
            String action = enabled ? "enable" : "disable";
            s.line("mu_missing");
            // enabled as Ansible reads it: is-enabled succeeds and says neither indirect nor alias
            s.line("mu_o=$(mu_sc is-enabled -l -- \"$mu_n\" 2>/dev/null); mu_rc=$?");
            s.line("mu_en=0; if [ $mu_rc = 0 ] && [ \"$mu_o\" != indirect ] && [ \"$mu_o\" != alias ]; then mu_en=1; fi");
            s.line("if [ $mu_rc = 1 ] && [ -x /etc/init.d/\"$mu_n\" ]; then case $mu_o in *disabled) ;; *) set -- /etc/rc[2345].d/S[0-9][0-9]\"$mu_n\"; "
                    + "[ -e \"$1\" ] && mu_en=1 ;; esac; fi");
            s.line("if [ $mu_en != %s ]; then mu_change %s; mu_set enabled %s", enabled ? "1" : "0", enabled ? "enabled" : "disabled", enabled ? "1" : "0");
            s.line("  if [ \"$mu_check\" != 1 ]; then mu_e=$(mu_sc %s -- \"$mu_n\" 2>&1) || mu_fail \"Unable to %s service $mu_n: $mu_e\"; fi", action, action);
            s.line("else mu_set enabled $mu_en; fi");
        }
        if (args.has("state")) {
            String state = args.string("state");
            s.line("mu_missing");
            s.line("[ -n \"$mu_active\" ] || mu_fail 'Service is in unknown state'");
            s.line("case $mu_active in active|activating) mu_run=1 ;; *) mu_run=0 ;; esac");
            s.line("mu_act=");
            switch (state) {
                case "started" -> s.line("[ $mu_run = 1 ] || mu_act=start");
                case "stopped" -> s.line("if [ $mu_run = 1 ] || [ \"$mu_active\" = deactivating ]; then mu_act=stop; fi");
                default -> s.line("if [ $mu_run = 1 ]; then mu_act=%s; else mu_act=start; fi", state.equals("restarted") ? "restart" : "reload");
            }
            s.line("if [ -n \"$mu_act\" ]; then mu_change \"$mu_act\"; if [ \"$mu_check\" != 1 ]; then "
                    + "mu_e=$(mu_sc \"$mu_act\" -- \"$mu_n\" 2>&1 >/dev/null) || mu_fail \"Unable to $mu_act service $mu_n: $mu_e\"; fi; fi");
        }
    }

    private static TaskResult interpret(ScriptReport report, Args args) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", args.string("name"));
        Map<String, Object> status = new LinkedHashMap<>();
        String show = report.get("status");
        if (show != null) {
            for (String line : show.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    status.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        data.put("status", status);
        if (args.has("enabled") && report.get("enabled") != null) {
            data.put("enabled", "1".equals(report.get("enabled")));
        }
        if (args.has("state")) {
            // reloaded/restarted report started, as Ansible's module does
            data.put("state", args.string("state").equals("stopped") ? "stopped" : "started");
        }
        return result.withData(data);
    }
}
