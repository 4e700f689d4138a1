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

/** Local groups, with getent to look and groupadd/groupmod/groupdel to change. */
public final class GroupModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("name", Type.STRING)
            .optional("gid", Type.INT)
            .optional("system", Type.BOOL, false)
            .choice("state", "present", "present", "absent")
            .build();

    @Override
    public String name() {
        return "group";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    /** Names useradd and groupadd accept on Debian (NAME_REGEX of adduser, plus upper case). */
    static String checkName(String name, String what) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?")) {
            throw new ArgumentException("'" + name + "' is not a valid " + what + " name");
        }
        return name;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String name = checkName(args.string("name"), "group");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_n=%s", q(name));
        s.line("mu_e=$(getent group -- \"$mu_n\")");
        if (args.string("state").equals("absent")) {
            s.line("if [ -n \"$mu_e\" ]; then mu_change removed; [ \"$mu_check\" = 1 ] || groupdel -- \"$mu_n\" || mu_fail \"cannot remove group $mu_n\"; fi");
        } else {
            String gid = args.has("gid") ? String.valueOf(args.integer("gid")) : "";
            s.line("if [ -z \"$mu_e\" ]; then mu_change created;");
            s.line("  [ \"$mu_check\" = 1 ] || groupadd %s%s-- \"$mu_n\" || mu_fail \"cannot create group $mu_n\"", gid.isEmpty() ? "" : "-g " + gid + " ",
                    args.bool("system") ? "-r " : "");
            if (!gid.isEmpty()) {
                s.line("else mu_g=${mu_e#*:*:}; mu_g=${mu_g%%%%:*}; if [ \"$mu_g\" != %s ]; then mu_change \"gid %s\";", gid, gid);
                s.line("  [ \"$mu_check\" = 1 ] || groupmod -g %s -- \"$mu_n\" || mu_fail \"cannot change the gid of $mu_n\"; fi", gid);
            }
            s.line("fi");
            s.line("mu_e=$(getent group -- \"$mu_n\"); mu_g=${mu_e#*:*:}; mu_set gid \"${mu_g%%%%:*}\"");
        }
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), name));
    }

    private static TaskResult interpret(ScriptReport report, String name) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        return report.get("gid") == null || report.get("gid").isEmpty() ? result.withData(Map.of("name", name))
                : result.withData(Map.of("name", name, "gid", Integer.parseInt(report.get("gid"))));
    }
}
