package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local accounts: getent to compare, useradd/usermod/userdel to change, only the fields that
 * differ. Passwords are not handled (a hash on a command line would show in ps); use ssh keys.
 */
public final class UserModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("name", Type.STRING)
            .optional("uid", Type.INT)
            .optional("group", Type.STRING)
            .optional("groups", Type.LIST)
            .optional("append", Type.BOOL, false)
            .optional("home", Type.PATH)
            .optional("shell", Type.PATH)
            .optional("comment", Type.STRING)
            .optional("system", Type.BOOL, false)
            .optional("create_home", Type.BOOL, true).alias("create_home", "createhome")
            .choice("state", "present", "present", "absent")
            .optional("remove", Type.BOOL, false)
            // state=absent: userdel --force (Ansible's force), the user removed even while logged in
            .optional("force", Type.BOOL, false)
            .build();

    @Override
    public String name() {
        return "user";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String name = GroupModule.checkName(args.string("name"), "user");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_n=%s", q(name));
        s.line("mu_e=$(getent passwd -- \"$mu_n\")");
        if (args.string("state").equals("absent")) {
            s.line("if [ -n \"$mu_e\" ]; then mu_change removed; [ \"$mu_check\" = 1 ] || userdel %s%s-- \"$mu_n\" || mu_fail \"cannot remove user $mu_n\"; fi",
                    args.bool("remove") ? "-r " : "", args.bool("force") ? "-f " : "");
            return RemoteAction.of(s.finish(), exec -> ScriptReport.parse(exec).toResult(""));
        }
        List<String> groups = new ArrayList<>();
        for (Object g : args.list("groups")) {
            groups.add(GroupModule.checkName(String.valueOf(g), "group"));
        }
        String group = args.has("group") ? args.string("group") : null;
        // useradd with everything asked for.
        StringBuilder add = new StringBuilder("useradd");
        option(add, "-u", args.has("uid") ? String.valueOf(args.integer("uid")) : null);
        option(add, "-g", group);
        option(add, "-G", groups.isEmpty() ? null : String.join(",", groups));
        option(add, "-d", args.string("home"));
        option(add, "-s", args.string("shell"));
        option(add, "-c", args.string("comment"));
        add.append(args.bool("system") ? " -r" : "").append(args.bool("create_home") ? " -m" : " -M").append(" -- \"$mu_n\"");
        s.line("if [ -z \"$mu_e\" ]; then mu_change created;");
        s.line("  [ \"$mu_check\" = 1 ] || %s >&2 || mu_fail \"cannot create user $mu_n\"", add);
        s.line("else");
        // passwd fields: name:x:uid:gid:comment:home:shell; split on ':' with globbing off.
        s.line("  set -f; mu_ifs=$IFS; IFS=:; set -- $mu_e; IFS=$mu_ifs; set +f; mu_mod=");
        if (args.has("uid")) {
            s.line("  [ \"$3\" = %s ] || { mu_change uid; mu_mod=1; }", args.integer("uid"));
        }
        if (group != null) {
            s.line("  mu_g=$(getent group -- %s) || mu_fail %s; mu_g=${mu_g#*:*:}; mu_g=${mu_g%%%%:*}", q(group), q("group " + group + " does not exist"));
            s.line("  [ \"$4\" = \"$mu_g\" ] || { mu_change group; mu_mod=1; }");
        }
        if (args.has("comment")) {
            s.line("  [ \"$5\" = %s ] || { mu_change comment; mu_mod=1; }", q(args.string("comment")));
        }
        if (args.has("home")) {
            s.line("  [ \"$6\" = %s ] || { mu_change home; mu_mod=1; }", q(args.string("home")));
        }
        if (args.has("shell")) {
            s.line("  [ \"$7\" = %s ] || { mu_change shell; mu_mod=1; }", q(args.string("shell")));
        }
        if (args.has("groups")) {
            s.line("  mu_have=\" $(id -Gn -- \"$mu_n\") \"; mu_pg=$(id -gn -- \"$mu_n\")");
            for (String g : groups) {
                s.line("  case $mu_have in *\" %s \"*) ;; *) mu_change \"groups\"; mu_mod=1;; esac", g);
            }
            if (!args.bool("append")) {
                String wanted = " " + String.join(" ", groups) + " ";
                s.line("  for mu_x in $mu_have; do [ \"$mu_x\" = \"$mu_pg\" ] && continue; case %s in *\" $mu_x \"*) ;; *) mu_change groups; mu_mod=1;; esac; done",
                        q(wanted));
            }
        }
        StringBuilder mod = new StringBuilder("usermod");
        option(mod, "-u", args.has("uid") ? String.valueOf(args.integer("uid")) : null);
        option(mod, "-g", group);
        if (args.has("groups")) {
            mod.append(args.bool("append") ? " -a" : "").append(" -G ").append(q(String.join(",", groups)));
        }
        option(mod, "-d", args.string("home"));
        option(mod, "-s", args.string("shell"));
        option(mod, "-c", args.string("comment"));
        mod.append(" -- \"$mu_n\"");
        s.line("  if [ -n \"$mu_mod\" ] && [ \"$mu_check\" != 1 ]; then %s >&2 || mu_fail \"cannot change user $mu_n\"; fi", mod);
        s.line("fi");
        s.line("mu_e=$(getent passwd -- \"$mu_n\") && mu_set passwd \"$mu_e\"");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), name));
    }

    private static void option(StringBuilder command, String flag, String value) {
        if (value != null) {
            command.append(' ').append(flag).append(' ').append(q(value));
        }
    }

    private static TaskResult interpret(ScriptReport report, String name) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        String passwd = report.get("passwd");
        if (passwd != null) {
            String[] f = passwd.split(":", -1);
            if (f.length >= 7) {
                data.put("uid", Integer.parseInt(f[2]));
                data.put("group", Integer.parseInt(f[3]));
                data.put("comment", f[4]);
                data.put("home", f[5]);
                data.put("shell", f[6]);
            }
        }
        return result.withData(data);
    }
}
