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
import java.util.List;
import java.util.Map;

/**
 * Directories, links, empty files, removal, and the mode/owner/group, chattr flags ({@link FileAttributes}) and times
 * ({@link FileTimes}) of what is there; a link at path is followed unless {@code follow=no}, as in Ansible.
 */
public final class FileModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("path", Type.PATH).alias("path", "dest", "name")
            .choice("state", null, "file", "directory", "link", "hard", "absent", "touch")
            // Ansible's internal question of copy/template --diff: is the file binary
            .optional("_diff_peek", Type.BOOL)
            .optional("mode", Type.MODE)
            .optional("owner", Type.STRING)
            .optional("group", Type.STRING)
            .optional("src", Type.PATH)
            .optional("recurse", Type.BOOL, false)
            .optional("force", Type.BOOL, false)
            // Ansible's default: a link at path is followed (file, directory, touch act on its target)
            .optional("follow", Type.BOOL, true)
            .optional("modification_time", Type.STRING)
            .optional("modification_time_format", Type.STRING, "%Y%m%d%H%M.%S")
            .optional("access_time", Type.STRING)
            .optional("access_time_format", Type.STRING, "%Y%m%d%H%M.%S")
            .optional("attributes", Type.STRING).alias("attributes", "attr")
            .build();

    @Override
    public String name() {
        return "file";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        // null: Ansible's default, the state the path is in (file when it is absent, directory with recurse)
        String given = args.string("state");
        String mode = Modes.normalize(args.string("mode"));
        String owner = q(args.string("owner"));
        String group = q(args.string("group"));
        String timeState = given == null ? "file" : given;
        String mtime = FileTimes.resolve(args.string("modification_time"), args.string("modification_time_format"), timeState);
        String atime = FileTimes.resolve(args.string("access_time"), args.string("access_time_format"), timeState);
        String attributes = FileAttributes.check(args.string("attributes"));
        boolean timed = !mtime.equals("preserve") || !atime.equals("preserve");
        if (("link".equals(given) || "hard".equals(given)) && (timed || attributes != null)) {
            throw new ArgumentException(timed ? "modification_time" : "attributes", "state=" + given + " does not take "
                    + (timed ? "modification_time/access_time" : "attributes") + " in Muster yet");
        }
        if (args.bool("recurse") && mode != null && !mode.matches("[0-7]+") && !mode.matches("[ugoa]*[-+=][rwxXst]*(,[ugoa]*[-+=][rwxXst]*)*")) {
            throw new ArgumentException("mode", "recurse=yes takes an octal or a symbolic mode, not '" + mode + "'");
        }
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_f=%s; mu_t=", path(args.string("path")));
        // a failure names the path and what is there (Ansible's fail_json adds the path information too)
        s.line("mu_ff() { if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_sp=; mu_attrs \"$mu_f\" '' '' ''; fi; mu_fail \"$1\"; }");
        if (args.has("_diff_peek")) {
            // Ansible's internal question (from --diff of copy/template): is the file binary? Nothing is changed.
            s.line("mu_set path \"$mu_f\"; mu_set peek 0");
            s.line("if [ -f \"$mu_f\" ] && [ \"$(head -c 8192 -- \"$mu_f\" | tr -d '\\000' | wc -c)\" != \"$(head -c 8192 -- \"$mu_f\" | wc -c)\" ]; "
                    + "then mu_set peek 1; fi");
            return RemoteAction.of(s.finish(), exec -> {
                ScriptReport report = ScriptReport.parse(exec);
                TaskResult result = report.toResult("");
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("path", report.get("path"));
                data.put("appears_binary", "1".equals(report.get("peek")));
                return result.failed() ? result : result.withData(data);
            });
        }
        if (args.bool("follow") && ("file".equals(given) || "directory".equals(given))) {
            // Ansible's realpath: the link's target, which the result names
            s.line("if [ -L \"$mu_f\" ]; then mu_f=$(readlink -m -- \"$mu_f\") || mu_fail \"cannot resolve the link $mu_f\"; fi");
        }
        s.line("mu_set path \"$mu_f\"");
        s.line("mu_info=1");
        // the state before, in Ansible's words (its get_state: a file with more than one name is 'hard'), for the
        // result's diff and, without a state argument, the state to keep
        s.line("if [ -L \"$mu_f\" ]; then mu_ps=link; elif [ -d \"$mu_f\" ]; then mu_ps=directory; "
                + "elif [ -e \"$mu_f\" ]; then mu_lstat \"$mu_f\"; case $mu_st in */*/*/*/*/*/1/*) mu_ps=file ;; *) mu_ps=hard ;; esac; "
                + "else mu_ps=absent; fi; mu_set prev \"$mu_ps\"");
        if (given == null) {
            s.line("case $mu_ps in absent) mu_s0=%s ;; *) mu_s0=$mu_ps ;; esac; mu_set state0 \"$mu_s0\"",
                    args.bool("recurse") ? "directory" : "file");
        } else {
            s.line("mu_s0=%s", given);
        }
        if (context.check() && !"absent".equals(given)) {
            // Ansible's check mode names an owner or group that does not exist yet as a warning (a real run would have
            // created it by then), by name or by number
            for (String[] who : new String[][] {{args.string("owner"), "passwd", "user", "uid"}, {args.string("group"), "group", "group", "gid"}}) {
                if (who[0] != null) {
                    String what = who[0].matches("\\d+") ? who[2] + " with " + who[3] + " " + who[0] : who[2] + " " + who[0];
                    s.line("getent %s -- %s >/dev/null || mu_set warn %s", who[1], q(who[0]),
                            q("failed to look up " + what + ". Create " + who[2] + " up to this point in real play"));
                }
            }
        }
        // Ansible's parameter checks, made once the state is known, in its words
        if (args.bool("recurse")) {
            s.line("[ \"$mu_s0\" = directory ] || mu_ff \"recurse option requires state to be 'directory'\"");
        }
        if (args.has("src")) {
            s.line("case $mu_s0 in link|hard) ;; *) mu_ff \"src option requires state to be 'link' or 'hard'\" ;; esac");
        }
        if (given != null) {
            branch(s, given, args, mode, owner, group, mtime, atime, attributes);
        } else {
            s.line("case $mu_s0 in");
            for (String state : new String[] {"file", "directory", "link", "hard"}) {
                s.line("%s)", state);
                branch(s, state, args, mode, owner, group, mtime, atime, attributes);
                s.line(";;");
            }
            s.line("esac");
        }
        String src = args.string("src");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), given, src));
    }

    /** The script of one state: the explicit one, or each the path can be in when the task names none. */
    private static void branch(ModuleScript s, String state, Args args, String mode, String owner, String group, String mtime,
                               String atime, String attributes) {
        switch (state) {
            case "absent" -> {
                s.line("if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_change removed;");
                // what a removed directory held, for the diff (Ansible's path_content)
                s.line("  if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then mu_set dirs \"$(find \"$mu_f\" -mindepth 1 -type d)\"; "
                        + "mu_set files \"$(find \"$mu_f\" -mindepth 1 ! -type d)\"; fi");
                s.line("  [ \"$mu_check\" = 1 ] || rm -rf -- \"$mu_f\" || mu_fail \"cannot remove $mu_f\"; fi");
            }
            case "directory" -> {
                if (!args.bool("follow")) {
                    s.line("if [ -L \"$mu_f\" ]; then mu_ff \"$mu_f already exists as a link\"; fi");
                }
                s.line("if [ ! -d \"$mu_f\" ]; then");
                s.line("  if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_ff \"$mu_f already exists as a $mu_ps\"; fi");
                s.line("  mu_change created");
                // the deepest existing ancestor: every directory created below it gets the attributes too, as in Ansible
                s.line("  mu_p=$mu_f; while [ ! -d \"$mu_p\" ]; do mu_dir \"$mu_p\"; mu_p=$mu_d; done");
                s.line("  if [ \"$mu_check\" != 1 ]; then mkdir -p -- \"$mu_f\" || mu_fail \"cannot create directory $mu_f\"");
                s.line("    mu_q=$mu_f; while [ \"$mu_q\" != \"$mu_p\" ]; do mu_attrs \"$mu_q\" %s %s %s; mu_dir \"$mu_q\"; mu_q=$mu_d; done; fi; fi",
                        q(mode), owner, group);
                s.line("if [ -d \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s %s %s; fi", q(mode), owner, group);
                if (args.bool("recurse")) {
                    recurse(s, mode, args);
                }
                settle(s, "if [ -d \"$mu_f\" ]; then", mtime, atime, attributes);
            }
            case "file" -> {
                // Ansible's words: "file (PATH) is absent|directory, cannot continue"
                s.line("if [ ! -e \"$mu_f\" ]; then mu_ff \"file ($mu_f) is absent, cannot continue\"; fi");
                s.line("if [ -d \"$mu_f\" ]; then mu_ff \"file ($mu_f) is directory, cannot continue\"; fi");
                if (!args.bool("follow")) {
                    s.line("if [ -L \"$mu_f\" ]; then mu_ff \"file ($mu_f) is link, cannot continue\"; fi");
                }
                s.line("mu_attrs \"$mu_f\" %s %s %s", q(mode), owner, group);
                settle(s, "if :; then", mtime, atime, attributes);
            }
            case "touch" -> {
                // Like Ansible: a missing file is created empty; then the attributes and times (by default now, which is
                // always a change) of the file, or with follow of the link's target. A file created here is removed
                // again when its attributes cannot be set (mu_t2: the EXIT trap's), as Ansible's execute_touch does.
                s.line("if [ ! -e \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then mu_change created;");
                s.line("  [ \"$mu_check\" = 1 ] || { : > \"$mu_f\" && mu_t2=$mu_f; } || mu_fail \"Error, could not touch target: $mu_f\"; fi");
                s.line("mu_t=$mu_f; %s", args.bool("follow") ? "if [ -L \"$mu_f\" ]; then mu_t=$(readlink -m -- \"$mu_f\"); fi" : ":");
                s.line("if [ -e \"$mu_t\" ]; then mu_attrs \"$mu_t\" %s %s %s; fi", q(mode), owner, group);
                settle(s, "if [ -e \"$mu_t\" ]; then", mtime, atime, attributes);
                s.line("mu_t2=");
            }
            case "link", "hard" -> link(s, args, state.equals("hard"), mode, owner, group);
            default -> throw new ArgumentException("unknown state " + state);
        }
    }

    /** The chattr flags, then the times of {@code $mu_t} (the path unless set), inside {@code guard ... fi}. */
    private static void settle(ModuleScript s, String guard, String mtime, String atime, String attributes) {
        if (attributes == null && mtime.equals("preserve") && atime.equals("preserve")) {
            return;
        }
        s.line("%s", guard + " mu_t=${mu_t:-$mu_f}");
        FileAttributes.apply(s, attributes);
        FileTimes.apply(s, mtime, atime);
        s.line("fi");
    }

    private static void link(ModuleScript s, Args args, boolean hard, String mode, String owner, String group) {
        if (!args.has("src")) {
            if (hard) {
                s.line("mu_ff \"src is required for creating new hardlinks\"");
                return;
            }
            // no src: the link there is kept as it is (Ansible reads its target as src), and only its attributes are set
            s.line("if [ ! -L \"$mu_f\" ]; then mu_ff \"src is required for creating new symlinks\"; fi; mu_set lsrc \"$(readlink -- \"$mu_f\")\"");
        } else {
            String src = args.string("src");
            s.line("mu_s=%s", hard ? path(src) : q(src));
            if (hard) {
                s.line("if [ ! -e \"$mu_s\" ]; then mu_fail \"src does not exist\"; fi");
                s.line("if [ \"$mu_s\" -ef \"$mu_f\" ]; then :; else");
            } else {
                // readlink's output loses trailing newlines in $(...): the x keeps them.
                if (!args.bool("force")) {
                    // a link to nothing is refused without force, as in Ansible (a relative src is the link's directory's)
                    // (inside a directory path, as Ansible joins them)
                    s.line("case $mu_s in /*) mu_as=$mu_s ;; *) if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then mu_as=$mu_f/$mu_s; "
                            + "else mu_dir \"$mu_f\"; mu_as=$mu_d/$mu_s; fi ;; esac");
                    s.line("if [ ! -e \"$mu_as\" ]; then mu_ff \"src file does not exist, use \\\"force=yes\\\" if you really want to create the link: $mu_as\"; fi");
                }
                s.line("mu_l=; if [ -L \"$mu_f\" ]; then mu_l=$(readlink -- \"$mu_f\"; printf x); mu_l=${mu_l%%\"$mu_nl\"x}; fi");
                s.line("if [ -L \"$mu_f\" ] && [ \"$mu_l\" = \"$mu_s\" ]; then :; else");
                // the old target, for the diff's before/after src (Ansible's)
                s.line("  if [ -L \"$mu_f\" ]; then mu_set lsrc_before \"$mu_l\"; fi");
            }
            // Ansible's refusals, in its words: a file or directory is replaced only with force, a directory only when empty
            s.line("  if [ -e \"$mu_f\" ] && [ ! -L \"$mu_f\" ] && [ %s != 1 ]; then mu_ff \"%s\"; fi", args.bool("force") ? "1" : "0",
                    hard ? "Cannot link, $mu_ps exists at destination" : "refusing to convert from $mu_ps to symlink for $mu_f");
            s.line("  if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then if [ %s = 1 ] && [ -z \"$(ls -A -- \"$mu_f\")\" ]; then "
                    + "[ \"$mu_check\" = 1 ] || rmdir -- \"$mu_f\" || mu_fail \"cannot remove $mu_f\"; "
                    + "else mu_ff \"the directory $mu_f is not empty, refusing to convert it\"; fi; fi", hard ? "0" : "1");
            s.line("  mu_change linked");
            s.line("  if [ \"$mu_check\" != 1 ]; then mu_dir \"$mu_f\"; mu_tmp=\"$mu_d/.muster.$$.link\"; rm -f -- \"$mu_tmp\"");
            s.line("    ln %s-- \"$mu_s\" \"$mu_tmp\" && mv -fT -- \"$mu_tmp\" \"$mu_f\" || mu_fail \"cannot link $mu_f\"; mu_tmp=; fi", hard ? "" : "-s ");
            s.line("fi");
        }
        if (hard) {
            s.line("if [ -L \"$mu_f\" ] || [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" '' %s %s; fi", owner, group);
            if (mode != null) {
                s.line("if [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s '' ''; fi", q(mode));
            }
        } else if (args.bool("follow")) {
            // Ansible (follow, its default): mode, owner and group are the link's target's, when it exists; the result's
            // path information stays the link's own
            s.line("if [ -L \"$mu_f\" ] && [ -e \"$mu_f\" ]; then mu_t=$(readlink -m -- \"$mu_f\"); mu_attrs \"$mu_t\" %s %s %s; "
                    + "mu_sp=; mu_attrs \"$mu_f\" '' '' ''; elif [ -L \"$mu_f\" ] || [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" '' '' ''; fi",
                    q(mode), owner, group);
        } else {
            s.line("if [ -L \"$mu_f\" ] || [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" '' %s %s; fi", owner, group);
        }
    }

    /**
     * Ansible's recursive_set_attributes: everything below the directory gets the mode, owner and group; with follow
     * (Ansible's default) links are followed into what they point to (chmod/chown -L), without it they are left.
     */
    private static void recurse(ModuleScript s, String mode, Args args) {
        boolean follow = args.bool("follow");
        String traverse = follow ? "-L " : "";
        StringBuilder test = new StringBuilder();
        boolean symbolic = mode != null && !mode.matches("[0-7]+");
        if (mode != null && !symbolic) {
            test.append("! -perm ").append(mode);
        }
        if (args.has("owner")) {
            test.append(test.isEmpty() ? "" : " -o ").append("! -user ").append(q(args.string("owner")));
        }
        if (args.has("group")) {
            test.append(test.isEmpty() ? "" : " -o ").append("! -group ").append(q(args.string("group")));
        }
        if (symbolic) {
            // a symbolic mode is worked out per entry (mu_want_mode), as chmod would apply it
            s.line("mu_rc=0; if [ -d \"$mu_f\" ]; then mu_rl=$(find %s\"$mu_f\" -mindepth 1 ! -type l -printf '%%m\\n' 2>/dev/null | sort -u); "
                    + "for mu_rm in $mu_rl; do mu_want_mode \"$mu_rm\" %s; [ \"$mu_m\" = \"$mu_rm\" ] || mu_rc=1; done; fi", traverse, q(mode));
        }
        if (test.isEmpty() && !symbolic) {
            return;
        }
        String any = test.isEmpty() ? "" : "[ -n \"$(find " + traverse + "\"$mu_f\" \\( " + test + " \\) -print 2>/dev/null | head -n 1)\" ]";
        String condition = symbolic ? (any.isEmpty() ? "[ $mu_rc = 1 ]" : "{ [ $mu_rc = 1 ] || " + any + "; }") : any;
        s.line("if [ -d \"$mu_f\" ] && %s; then mu_change recursed;", condition);
        s.line("  if [ \"$mu_check\" != 1 ]; then");
        if (mode != null) {
            // chmod has no -L: find follows the links, and chmod given a link changes what it points to
            s.line("    %s || mu_fail \"cannot chmod $mu_f\"", follow ? "find -L \"$mu_f\" ! -type l -exec chmod -- " + q(mode) + " {} +"
                    : "chmod -R -- " + q(mode) + " \"$mu_f\"");
        }
        if (args.has("owner")) {
            s.line("    chown -R %s-- %s \"$mu_f\" || mu_fail \"cannot chown $mu_f\"", follow ? "-L " : "-h ", q(args.string("owner")));
        }
        if (args.has("group")) {
            s.line("    chgrp -R %s-- %s \"$mu_f\" || mu_fail \"cannot chgrp $mu_f\"", follow ? "-L " : "-h ", q(args.string("group")));
        }
        s.line("  fi; fi");
    }

    /**
     * Ansible's keys per state: {@code path} for file, directory and absent, {@code dest} (and {@code src}) for
     * touch and the links; the path information of what is there; the diff of path, state, mode and owners.
     */
    private static TaskResult interpret(ScriptReport report, String given, String src) {
        TaskResult result = interpretResult(report, given, src);
        List<String> warnings = report.all().getOrDefault("warn", List.of());
        return warnings.isEmpty() ? result : result.withData(Map.of("warnings", warnings));
    }

    private static TaskResult interpretResult(ScriptReport report, String given, String src) {
        TaskResult result = report.toResult("");
        String state = given != null ? given : report.get("state0") == null ? "file" : report.get("state0");
        String path = report.get("path");
        boolean link = state.equals("link") || state.equals("hard");
        if (src == null && link) {
            src = report.get("lsrc");   // a link kept as it is: Ansible's src is its target
        }
        Map<String, Object> data = new LinkedHashMap<>();
        if (result.failed()) {
            // Ansible's failures name the path (a link's: dest and src) and, through add_path_info, what is there
            if (path != null) {
                data.put(link ? "dest" : "path", path);
                if (link) {
                    data.put("src", src);
                }
                data.putAll(PathInfo.of(report));
                data.putIfAbsent("state", "absent");
            }
            return data.isEmpty() ? result : result.withData(data);
        }
        data.put(link || state.equals("touch") ? "dest" : "path", path);
        if (link) {
            data.put("src", src);
        }
        if (state.equals("absent")) {
            data.put("state", "absent");
        } else {
            data.putAll(PathInfo.of(report));
        }
        if (result.changed() || !state.equals("absent")) {
            data.put("diff", PathInfo.diff(report, path, report.get("prev"), state, src));
        }
        return result.withData(data);
    }
}
