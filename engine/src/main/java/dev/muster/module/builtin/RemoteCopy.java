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
        // preserve: the src's own mode, read on the target (Ansible's remote_src)
        String mode = "preserve".equals(args.string("mode")) ? null : Modes.normalize(args.string("mode"));
        // Ansible's "make sure we always have a directory component"
        String target = dest.contains("/") ? dest : "./" + dest;
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_info=1");
        Validation.define(s, args.string("validate"));
        s.line("mu_s=%s", path(src));
        s.line("mu_set src \"$mu_s\"");
        s.line("[ -e \"$mu_s\" ] || mu_fail \"Source $mu_s not found\"");
        s.line("[ -r \"$mu_s\" ] || mu_fail \"Source $mu_s not readable\"");
        s.line("if [ -d \"$mu_s\" ]; then");
        directory(s, args, src, dest);
        s.line("fi");
        s.line("[ -f \"$mu_s\" ] || mu_fail \"Cannot copy invalid source '$mu_s': not a file\"");
        String modeWord = "preserve".equals(args.string("mode")) ? "\"$mu_pm\"" : q(mode);
        if ("preserve".equals(args.string("mode"))) {
            s.line("mu_pm=$(stat -c %%a -- \"$mu_s\") || mu_fail \"cannot stat $mu_s\"");
        }
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
        s.line("    mu_write \"$mu_f\" %s %s %s < \"$mu_s\"", modeWord, q(args.string("owner")), q(args.string("group")));
        // shutil.copystat: the copy keeps the source's times
        s.line("    touch -r \"$mu_s\" -- \"$mu_f\" || mu_fail \"cannot set the times of $mu_f\"");
        s.line("  fi");
        s.line("fi");
        s.line("if [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s %s %s; fi", modeWord, q(args.string("owner")), q(args.string("group")));
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec)));
    }

    /**
     * A directory src, as ansible-core's copy module merges it (copy_diff_files, copy_left_only, copy_common_dirs): "src/"
     * puts its contents into dest, "src" puts itself there (dest/src); what is missing or differs is copied with its mode,
     * links are followed only with {@code local_follow: true} given (the module's own default is none: links are made
     * again as links), nothing at dest is removed; then the
     * owner and group below, and mode/owner/group of dest itself. A dest ending in "/" that is missing is made first
     * without counting as a change (ansible-core 2.14: an empty src copied so reports ok).
     */
    private static void directory(ModuleScript s, Args args, String src, String dest) {
        String mode = args.string("mode");
        String owner = q(args.string("owner"));
        String group = q(args.string("group"));
        s.line("  mu_set dirsrc 1; mu_set dest %s; mu_D=%s; mu_R=${mu_s%%/}; mu_b=${mu_R##*/}", q(dest), path(dest));
        s.line("  case $mu_s in */) mu_T=$mu_D ;; *) mu_T=${mu_D%%/}/$mu_b ;; esac; mu_T=${mu_T%%/}");
        s.line("  if [ -e \"$mu_D\" ] && [ ! -d \"$mu_D\" ]; then mu_fail \"dest $mu_D is not a directory\"; fi");
        if (dest.endsWith("/")) {
            s.line("  if [ ! -d \"$mu_D\" ]; then if [ \"$mu_check\" = 1 ]; then mu_change created; mu_set early 1; "
                    + "mu_set msg \"dest directory ${mu_D%%/} would be created\"; mu_done; fi; mkdir -p -- \"$mu_D\" || mu_fail \"cannot create $mu_D\"; fi");
        }
        // making the directory alone is no change in ansible-core 2.14 (only what is copied into it is); in check mode
        // a missing one is
        s.line("  if [ ! -d \"$mu_T\" ]; then if [ \"$mu_check\" = 1 ]; then mu_change created; else mkdir -p -- \"$mu_T\" || mu_fail \"cannot create $mu_T\"; fi; fi");
        s.line("  if [ -d \"$mu_T\" ]; then");
        // every entry below src, as TYPE/PATH lines; with local_follow links are followed (find -L), else kept as links
        s.line("    mu_L=$(cd -- \"$mu_R\" && find %s. -mindepth 1 -printf '%%y/%%p\\n' 2>/dev/null); mu_oifs=$IFS; IFS=$mu_nl; set -f",
                Boolean.TRUE.equals(args.values().get("local_follow")) ? "-L " : "");
        s.line("    for mu_e in $mu_L; do mu_y=${mu_e%%%%/*}; mu_p=${mu_e#*/}; mu_p=${mu_p#./}; mu_a=$mu_R/$mu_p; mu_z=$mu_T/$mu_p");
        s.line("      case $mu_y in");
        s.line("        d) if [ ! -d \"$mu_z\" ] || [ -L \"$mu_z\" ]; then mu_change \"copied $mu_z\"; [ \"$mu_check\" = 1 ] || "
                + "{ rm -f -- \"$mu_z\"; mkdir -p -- \"$mu_z\" && chmod -- \"$(stat -L -c %%a -- \"$mu_a\")\" \"$mu_z\"; } || mu_fail \"cannot create $mu_z\"; fi ;;");
        // an entry both sides hold is compared as Python's filecmp does, through links: a link whose file has the content
        // of the file at dest leaves it as it is
        s.line("        l) mu_lt=$(readlink -- \"$mu_a\"); if [ -L \"$mu_z\" ] && [ \"$(readlink -- \"$mu_z\")\" = \"$mu_lt\" ]; then :; "
                + "elif [ -f \"$mu_a\" ] && [ -f \"$mu_z\" ] && cmp -s -- \"$mu_a\" \"$mu_z\"; then :; else "
                + "mu_change \"copied $mu_z\"; [ \"$mu_check\" = 1 ] || { rm -rf -- \"$mu_z\"; ln -s -- \"$mu_lt\" \"$mu_z\"; } || mu_fail \"cannot link $mu_z\"; fi ;;");
        s.line("        *) if [ ! -f \"$mu_z\" ] || ! cmp -s -- \"$mu_a\" \"$mu_z\"; then mu_change \"copied $mu_z\"; "
                + "[ \"$mu_check\" = 1 ] || { rm -f -- \"$mu_z\"; cp --preserve=mode,timestamps -- \"$mu_a\" \"$mu_z\"; } || mu_fail \"cannot copy $mu_a\"; fi ;;");
        s.line("      esac");
        s.line("    done; IFS=$mu_oifs; set +f");
        for (String[] who : new String[][] {{owner, "-user", "chown"}, {group, "-group", "chgrp"}}) {
            if (!who[0].equals("''")) {
                s.line("    if [ -n \"$(find \"$mu_T\" ! %s %s -print 2>/dev/null | head -n 1)\" ]; then mu_change \"%s $mu_T\"; "
                        + "[ \"$mu_check\" = 1 ] || %s -R -h -- %s \"$mu_T\" || mu_fail \"cannot %s $mu_T\"; fi", who[1], who[0], who[2], who[2], who[0], who[2]);
            }
        }
        s.line("  fi");
        // mode (preserve: the src directory's), owner and group of dest itself, as the module's last step
        String wanted = "preserve".equals(mode) ? "\"$(stat -c %a -- \"$mu_R\")\"" : q(Modes.normalize(mode));
        s.line("  if [ -d \"$mu_D\" ]; then mu_attrs \"$mu_D\" %s %s %s; fi; mu_done", wanted, owner, group);
    }

    /** The copy module's keys: dest, src, md5sum, checksum (SHA-1), backup_file, and the path information of dest. */
    private static TaskResult interpret(ScriptReport report) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (report.flag("dirsrc") && !report.flag("early")) {
            // a directory src: no sums (Ansible's are null), dest and src as given
            data.put("dest", report.get("dest"));
            data.put("src", report.get("src"));
            data.put("md5sum", null);
            data.put("checksum", null);
        } else if (report.flag("early")) {
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
