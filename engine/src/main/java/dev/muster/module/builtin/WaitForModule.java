package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;
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
import java.util.Set;

/**
 * Waits, on the target, for a port to listen (or stop) or a path to appear (or go). POSIX sh has no
 * /dev/tcp: a port on the host itself is read from the LISTEN entries of /proc/net/tcp and tcp6;
 * a port on another host is tried with bash's /dev/tcp (bash is Essential in Debian), else nc.
 */
public final class WaitForModule implements Module {

    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost", "0.0.0.0", "::", "::1", "");

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("port", Type.INT)
            .optional("host", Type.STRING, "127.0.0.1")
            .optional("path", Type.PATH)
            .optional("search_regex", Type.STRING)
            .choice("state", "started", "started", "stopped", "present", "absent")
            .optional("timeout", Type.INT, 300)
            .optional("delay", Type.INT, 0)
            .optional("sleep", Type.INT, 1)
            .optional("connect_timeout", Type.INT, 5)
            .optional("msg", Type.STRING)
            .mutuallyExclusive("port", "path")
            .requiredOneOf("port", "path")
            .build();

    @Override
    public String name() {
        return "wait_for";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String state = args.string("state");
        boolean wantUp = state.equals("started") || state.equals("present");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        String what;
        if (args.has("port")) {
            int port = args.integer("port");
            if (port < 1 || port > 65535) {
                throw new ArgumentException("port must be between 1 and 65535");
            }
            String host = args.string("host");
            what = host + ":" + port;
            if (LOCAL.contains(host)) {
                // Local address and port are "ADDR:PORT" in hex, state 0A is LISTEN.
                s.line("mu_up() { cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p=%s '$4 == \"0A\" { sub(/.*:/, \"\", $2); if ($2 == p) f = 1 } END { exit !f }'; }",
                        String.format("%04X", port));
            } else {
                s.line("mu_h=%s", q(host));
                s.line("if command -v bash >/dev/null; then");
                s.line("  mu_up() { timeout %d bash -c 'exec 3<>\"/dev/tcp/$1/$2\"' mu \"$mu_h\" %d 2>/dev/null; }", args.integer("connect_timeout"), port);
                s.line("elif command -v nc >/dev/null; then");
                s.line("  mu_up() { nc -z -w %d -- \"$mu_h\" %d 2>/dev/null; }", args.integer("connect_timeout"), port);
                s.line("else mu_fail 'wait_for on a remote port needs bash or nc on the target'; fi");
            }
        } else {
            String file = args.string("path");
            what = file;
            s.line("mu_f=%s", path(file));
            if (args.has("search_regex")) {
                s.line("mu_up() { [ -f \"$mu_f\" ] && grep -Eq -- %s \"$mu_f\"; }", q(args.string("search_regex")));
            } else {
                s.line("mu_up() { [ -e \"$mu_f\" ]; }");
            }
        }
        s.line("mu_start=$(date +%%s)");
        s.line("sleep %d", Math.max(0, args.integer("delay")));
        s.line("while :; do");
        s.line("  if %smu_up; then break; fi", wantUp ? "" : "! ");
        s.line("  if [ $(( $(date +%%s) - mu_start )) -ge %d ]; then mu_fail %s; fi", args.integer("timeout"),
                q(args.has("msg") ? args.string("msg") : "Timeout when waiting for " + what + " to be " + state));
        s.line("  sleep %d", Math.max(1, args.integer("sleep")));
        s.line("done");
        s.line("mu_set elapsed $(( $(date +%%s) - mu_start ))");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), state));
    }

    private static TaskResult interpret(ScriptReport report, String state) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("state", state);
        data.put("elapsed", Integer.parseInt(report.get("elapsed")));
        return result.withData(data);
    }
}
