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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
            .optional("get_md5", Type.BOOL, false)
            .optional("get_mime", Type.BOOL, true).alias("get_mime", "mime", "mime_type", "mime-type")
            .optional("get_attributes", Type.BOOL, true).alias("get_attributes", "attr", "attributes")
            .choice("checksum_algorithm", "sha1", "md5", "sha1", "sha224", "sha256", "sha384", "sha512")
            .alias("checksum_algorithm", "checksum", "checksum_algo")
            .build();

    /** lsattr's letters as Ansible names them (module_utils' FILE_ATTRIBUTES). */
    private static final Map<Character, String> ATTRIBUTES = Map.ofEntries(
            Map.entry('A', "noatime"), Map.entry('a', "append"), Map.entry('c', "compressed"), Map.entry('C', "nocow"),
            Map.entry('d', "nodump"), Map.entry('D', "dirsync"), Map.entry('e', "extents"), Map.entry('E', "encrypted"),
            Map.entry('h', "blocksize"), Map.entry('i', "immutable"), Map.entry('I', "indexed"), Map.entry('j', "journalled"),
            Map.entry('N', "inline"), Map.entry('s', "zero"), Map.entry('S', "synchronous"), Map.entry('t', "notail"),
            Map.entry('T', "blockroot"), Map.entry('u', "undelete"), Map.entry('X', "compressedraw"), Map.entry('Z', "compresseddirty"));

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
        boolean follow = args.bool("follow");
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_f=%s", path(args.string("path")));
        s.line("if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then");
        // %f is the raw mode in hex: file type and permission bits without any locale-dependent words.
        s.line("  mu_r=$(stat %s-c '%%f|%%u|%%g|%%U|%%G|%%s|%%.9Y|%%.9X|%%.9Z|%%i|%%h|%%d|%%b|%%o|%%r' -- \"$mu_f\") || mu_fail \"cannot stat $mu_f\"",
                follow ? "-L " : "");
        s.line("  mu_set raw \"$mu_r\"");
        // what is reported is the path itself unless follow: a link's target and source only then, as in Ansible
        s.line("  mu_k=%s; if [ -L \"$mu_f\" ] && [ \"$mu_k\" = 0 ]; then mu_k=l; "
                + "mu_l=$(readlink -- \"$mu_f\"; printf x); mu_set lnk_target \"${mu_l%%\"$mu_nl\"x}\"; "
                + "mu_l=$(readlink -m -- \"$mu_f\"; printf x); mu_set lnk_source \"${mu_l%%\"$mu_nl\"x}\"; fi", follow ? "1" : "0");
        s.line("  [ -r \"$mu_f\" ] && mu_set readable 1; [ -w \"$mu_f\" ] && mu_set writeable 1; [ -x \"$mu_f\" ] && mu_set executable 1");
        String algorithm = args.string("checksum_algorithm");
        if (args.bool("get_checksum") || args.bool("get_md5")) {
            s.line("  if [ \"$mu_k\" != l ] && [ -f \"$mu_f\" ] && [ -r \"$mu_f\" ]; then");
            if (args.bool("get_checksum")) {
                s.line("    mu_c=$(%ssum < \"$mu_f\") && mu_set checksum \"${mu_c%%%% *}\"", algorithm);
            }
            if (args.bool("get_md5")) {
                s.line("    mu_c=$(md5sum < \"$mu_f\") && mu_set md5 \"${mu_c%%%% *}\"");
            }
            s.line("  fi");
        }
        if (args.bool("get_mime")) {
            // file(1) on the path itself, as Ansible runs it; "unknown" without file(1) or when it fails
            s.line("  mu_set mime_asked 1");
            s.line("  if command -v file >/dev/null 2>&1; then mu_c=$(file -b --mime-type --mime-encoding -- \"$mu_f\" 2>/dev/null) && mu_set mime \"$mu_c\"; fi");
        }
        if (args.bool("get_attributes")) {
            s.line("  mu_set attributes_asked 1");
            s.line("  if command -v lsattr >/dev/null 2>&1; then mu_c=$(lsattr -vd -- \"$mu_f\" 2>/dev/null) && mu_set lsattr \"$mu_c\"; fi");
        }
        // lstat's other errors than ENOENT fail the task, as Ansible's stat does: a path below a file is "Not a directory"
        s.line("else mu_dir \"$mu_f\"; while [ ! -e \"$mu_d\" ] && [ \"$mu_d\" != . ] && [ \"$mu_d\" != / ]; do mu_dir \"$mu_d\"; done; "
                + "if [ -e \"$mu_d\" ] && [ ! -d \"$mu_d\" ]; then mu_fail 'Not a directory'; fi");
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
        if (raw != null) {
            String[] f = raw.split("\\|", -1);
            int bits = Integer.parseInt(f[0], 16);
            int type = bits & 0170000;
            stat.put("path", path);
            stat.put("mode", String.format("%04o", bits & 07777));
            stat.put("isdir", type == 0040000);
            stat.put("ischr", type == 0020000);
            stat.put("isblk", type == 0060000);
            stat.put("isreg", type == 0100000);
            stat.put("isfifo", type == 0010000);
            stat.put("islnk", type == 0120000);
            stat.put("issock", type == 0140000);
            stat.put("uid", Long.parseLong(f[1]));
            stat.put("gid", Long.parseLong(f[2]));
            stat.put("size", Long.parseLong(f[5]));
            stat.put("inode", Long.parseLong(f[9]));
            stat.put("dev", Long.parseLong(f[11]));
            stat.put("nlink", Long.parseLong(f[10]));
            stat.put("atime", seconds(f[7]));
            stat.put("mtime", seconds(f[6]));
            stat.put("ctime", seconds(f[8]));
            String[] who = {"usr", "grp", "oth"};
            for (int i = 0; i < 3; i++) {
                int shift = 6 - 3 * i;
                stat.put("w" + who[i], (bits >> shift & 2) != 0);
                stat.put("r" + who[i], (bits >> shift & 4) != 0);
                stat.put("x" + who[i], (bits >> shift & 1) != 0);
            }
            stat.put("isuid", (bits & 04000) != 0);
            stat.put("isgid", (bits & 02000) != 0);
            stat.put("blocks", Long.parseLong(f[12]));
            stat.put("block_size", Long.parseLong(f[13]));
            stat.put("device_type", Long.parseLong(f[14]));
            stat.put("readable", report.flag("readable"));
            stat.put("writeable", report.flag("writeable"));
            stat.put("executable", report.flag("executable"));
            if (report.get("lnk_target") != null) {
                stat.put("lnk_source", report.get("lnk_source"));
                stat.put("lnk_target", report.get("lnk_target"));
            }
            // a name the target's passwd/group does not know is left out, as Ansible leaves it
            if (!f[3].equals("UNKNOWN")) {
                stat.put("pw_name", f[3]);
            }
            if (!f[4].equals("UNKNOWN")) {
                stat.put("gr_name", f[4]);
            }
            if (report.get("md5") != null) {
                stat.put("md5", report.get("md5"));
            }
            if (report.get("checksum") != null) {
                stat.put("checksum", report.get("checksum"));
            }
            mime(stat, report);
            attributes(stat, report);
        }
        return TaskResult.ok("").withData(Map.of("stat", stat));
    }

    /** Seconds as Python's os.stat gives them: the float sec + nsec * 1e-9, computed the same way. */
    private static double seconds(String text) {
        int dot = text.indexOf('.');
        long sec = Long.parseLong(dot < 0 ? text : text.substring(0, dot));
        long nsec = dot < 0 ? 0 : Long.parseLong(text.substring(dot + 1));
        return sec + nsec * 1e-9;
    }

    private static void mime(Map<String, Object> stat, ScriptReport report) {
        if (!report.flag("mime_asked")) {
            return;
        }
        String mime = report.get("mime");
        String type = "unknown";
        String charset = "unknown";
        if (mime != null && mime.contains(";") && mime.contains("=")) {
            String[] parts = mime.split(";", 2);
            type = parts[0].strip();
            charset = parts[1].substring(parts[1].indexOf('=') + 1).strip();
        }
        stat.put("mimetype", type);
        stat.put("charset", charset);
    }

    private static void attributes(Map<String, Object> stat, ScriptReport report) {
        if (!report.flag("attributes_asked")) {
            return;
        }
        String version = null;
        String flags = "";
        String lsattr = report.get("lsattr");
        if (lsattr != null) {
            String[] words = lsattr.strip().split("\\s+");
            if (words.length >= 2) {
                version = words[0];
                flags = words[1].replace("-", "");
            }
        }
        List<String> names = new ArrayList<>();
        for (char c : flags.toCharArray()) {
            if (ATTRIBUTES.containsKey(c)) {
                names.add(ATTRIBUTES.get(c));
            }
        }
        stat.put("version", version);
        stat.put("attributes", names);
        stat.put("attr_flags", flags);
    }
}
