package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Facts about one path, registered as {@code result.stat} with Ansible's names. The checksum is
 * sha1 by default, like Ansible's; {@code checksum_algorithm: sha256} gives sha256.
 */
public final class StatModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("path", Type.PATH).alias("path", "dest", "name")
            .optional("follow", Type.BOOL, false)
            .optional("get_checksum", Type.BOOL, true)
            .choice("checksum_algorithm", "sha1", "sha1", "sha256", "md5")
            .build();

    @Override
    public String name() {
        return "stat";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String follow = args.bool("follow") ? "-L " : "";
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_f=%s", path(args.string("path")));
        s.line("if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then");
        // %f is the raw mode in hex: file type and permission bits without any locale-dependent words.
        s.line("  mu_r=$(stat %s-c '%%f|%%u|%%g|%%U|%%G|%%s|%%Y|%%X|%%Z|%%i|%%h|%%d' -- \"$mu_f\") || mu_fail \"cannot stat $mu_f\"", follow);
        s.line("  mu_set raw \"$mu_r\"");
        s.line("  if [ -L \"$mu_f\" ]; then mu_l=$(readlink -- \"$mu_f\"; printf x); mu_set lnk_target \"${mu_l%%\"$mu_nl\"x}\"; fi");
        s.line("  if [ -L \"$mu_f\" ]; then mu_l=$(readlink -f -- \"$mu_f\"; printf x); mu_set lnk_source \"${mu_l%%\"$mu_nl\"x}\"; fi");
        s.line("  [ -r \"$mu_f\" ] && mu_set readable 1; [ -w \"$mu_f\" ] && mu_set writeable 1; [ -x \"$mu_f\" ] && mu_set executable 1");
        if (args.bool("get_checksum")) {
            String tool = args.string("checksum_algorithm") + "sum";
            s.line("  if [ -f \"$mu_f\" ] && [ -r \"$mu_f\" ]; then mu_c=$(%s < \"$mu_f\") && mu_set checksum \"${mu_c%%%% *}\"; fi", tool);
        }
        s.line("fi");
        String requested = args.string("path");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), requested));
    }

    static TaskResult interpret(ScriptReport report, String path) {
        if (report.failed()) {
            return report.toResult("");
        }
        Map<String, Object> stat = new LinkedHashMap<>();
        String raw = report.get("raw");
        stat.put("exists", raw != null);
        stat.put("path", path);
        if (raw != null) {
            String[] f = raw.split("\\|", -1);
            int bits = Integer.parseInt(f[0], 16);
            int type = bits & 0170000;
            stat.put("mode", String.format("%04o", bits & 07777));
            stat.put("isdir", type == 0040000);
            stat.put("isreg", type == 0100000);
            stat.put("islnk", type == 0120000);
            stat.put("isfifo", type == 0010000);
            stat.put("issock", type == 0140000);
            stat.put("ischr", type == 0020000);
            stat.put("isblk", type == 0060000);
            stat.put("uid", Integer.parseInt(f[1]));
            stat.put("gid", Integer.parseInt(f[2]));
            stat.put("pw_name", f[3]);
            stat.put("gr_name", f[4]);
            stat.put("size", Long.parseLong(f[5]));
            stat.put("mtime", Long.parseLong(f[6]));
            stat.put("atime", Long.parseLong(f[7]));
            stat.put("ctime", Long.parseLong(f[8]));
            stat.put("inode", Long.parseLong(f[9]));
            stat.put("nlink", Long.parseLong(f[10]));
            stat.put("dev", Long.parseLong(f[11]));
            stat.put("readable", report.flag("readable"));
            stat.put("writeable", report.flag("writeable"));
            stat.put("executable", report.flag("executable"));
            if (report.get("lnk_target") != null) {
                stat.put("lnk_target", report.get("lnk_target"));
                stat.put("lnk_source", report.get("lnk_source"));
            }
            if (report.get("checksum") != null) {
                stat.put("checksum", report.get("checksum"));
            }
        }
        return TaskResult.ok("").withData(Map.of("stat", stat));
    }
}
