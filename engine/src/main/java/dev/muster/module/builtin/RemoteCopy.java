package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.path;
import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.Args;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * copy with {@code remote_src}: a file already on the target is copied to dest there, with ansible-core's copy module's
 * rules: a dest directory receives the source's name, a dest ending in "/" is created (with {@code directory_mode}),
 * the SHA-1 sums decide, a link at dest is replaced (or, with {@code follow}, its target written), a new file gets the
 * umask's mode and an existing one keeps its own. A directory src is refused on the target (not yet implemented).
 */
final class RemoteCopy {

    private RemoteCopy() {
    }

    static RemoteAction plan(Args args, TaskContext context) {
        String src = args.string("src");
        String dest = args.string("dest");
        String mode = Modes.normalize(args.string("mode"));
        // Ansible's "make sure we always have a directory component"
        String target = dest.contains("/") ? dest : "./" + dest;
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_info=1");
        Validation.define(s, args.string("validate"));
        s.line("mu_s=%s", path(src));
        s.line("mu_set src \"$mu_s\"");
        s.line("[ -e \"$mu_s\" ] || mu_fail \"Source $mu_s not found\"");
        s.line("[ -r \"$mu_s\" ] || mu_fail \"Source $mu_s not readable\"");
        s.line("if [ -d \"$mu_s\" ]; then mu_fail \"Muster's copy does not take a directory src with remote_src yet: $mu_s\"; fi");
        s.line("[ -f \"$mu_s\" ] || mu_fail \"Cannot copy invalid source '$mu_s': not a file\"");
        s.line("mu_c=$(sha1sum < \"$mu_s\") || mu_fail \"Source $mu_s not readable\"; mu_c=${mu_c%%%% *}; mu_set checksum \"$mu_c\"");
        s.line("mu_m5=$(md5sum < \"$mu_s\"); mu_set md5sum \"${mu_m5%%%% *}\"");
        s.line("mu_f=%s", path(target));
        if (dest.endsWith("/")) {
            // Ansible's copy module makes the missing directory dest names (in check mode it stops there, changed)
            s.line("mu_dir \"$mu_f\"; if [ ! -d \"$mu_d\" ] && [ \"$mu_check\" = 1 ]; then "
                    + "mu_change created; mu_set early 1; mu_set msg \"dest directory $mu_d would be created\"; mu_done; fi");
            ContentWriter.makeParents(s, args);
        }
        s.line("case $mu_s in */*) mu_b=${mu_s##*/} ;; *) mu_b=$mu_s ;; esac");
        s.line("if [ -d \"$mu_f\" ]; then case $mu_f in */) mu_f=$mu_f$mu_b ;; *) mu_f=$mu_f/$mu_b ;; esac; fi");
        s.line("mu_cd=; mu_lnk=0");
        s.line("if [ -e \"$mu_f\" ]; then");
        if (args.bool("follow")) {
            s.line("  if [ -L \"$mu_f\" ]; then mu_f=$(readlink -m -- \"$mu_f\") || mu_fail \"cannot resolve the link $mu_f\"; fi");
        }
        if (!args.bool("force")) {
            s.line("  mu_set dest \"$mu_f\"; mu_set early 1; mu_set msg 'file already exists'; mu_attrs \"$mu_f\" '' '' ''; mu_done");
        }
        s.line("  if [ -f \"$mu_f\" ] && [ -r \"$mu_f\" ]; then mu_cd=$(sha1sum < \"$mu_f\") || mu_fail \"cannot read $mu_f\"; mu_cd=${mu_cd%%%% *}; fi");
        s.line("else");
        s.line("  mu_dir \"$mu_f\"; [ -d \"$mu_d\" ] || mu_fail \"Destination directory $mu_d does not exist\"");
        s.line("fi");
        s.line("[ -L \"$mu_f\" ] && mu_lnk=1");
        s.line("mu_set dest \"$mu_f\"");
        s.line("if [ \"$mu_c\" != \"$mu_cd\" ] || [ $mu_lnk = 1 ]; then");
        s.line("  if [ -e \"$mu_f\" ]; then mu_change content; else mu_change created; fi");
        s.line("  if [ \"$mu_check\" != 1 ]; then");
        if (args.bool("backup")) {
            s.line("    if [ -e \"$mu_f\" ]; then mu_backup \"$mu_f\"; fi");
        }
        // the link goes first and an empty file takes its place, as in Ansible: the copy then gets the umask's mode
        s.line("    if [ $mu_lnk = 1 ]; then rm -f -- \"$mu_f\" && : > \"$mu_f\" || mu_fail \"cannot replace the link $mu_f\"; fi");
        s.line("    mu_write \"$mu_f\" %s %s %s < \"$mu_s\"", q(mode), q(args.string("owner")), q(args.string("group")));
        // shutil.copystat: the copy keeps the source's times
        s.line("    touch -r \"$mu_s\" -- \"$mu_f\" || mu_fail \"cannot set the times of $mu_f\"");
        s.line("  fi");
        s.line("fi");
        s.line("if [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s %s %s; fi", q(mode), q(args.string("owner")), q(args.string("group")));
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec)));
    }

    /** The copy module's keys: dest, src, md5sum, checksum (SHA-1), backup_file, and the path information of dest. */
    private static TaskResult interpret(ScriptReport report) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (report.flag("early")) {
            // "file already exists" (force=no) and, in check mode, "dest directory ... would be created"
            data.put("msg", report.get("msg"));
            data.put("src", report.get("src"));
            if (report.get("dest") != null) {
                data.put("dest", report.get("dest"));
            }
        } else {
            data.put("dest", report.get("dest"));
            data.put("src", report.get("src"));
            data.put("md5sum", report.get("md5sum"));
            data.put("checksum", report.get("checksum"));
        }
        data.putAll(PathInfo.of(report));
        return result.withData(data);
    }
}
