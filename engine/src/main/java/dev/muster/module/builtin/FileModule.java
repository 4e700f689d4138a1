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

/**
 * Directories, links, empty files, removal, and the mode/owner/group, chattr flags ({@link FileAttributes}) and times
 * ({@link FileTimes}) of what is there; a link at path is followed unless {@code follow=no}, as in Ansible.
 */
public final class FileModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .required("path", Type.PATH).alias("path", "dest", "name")
            .choice("state", "file", "file", "directory", "link", "hard", "absent", "touch")
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
        String state = args.string("state");
        String mode = Modes.normalize(args.string("mode"));
        String owner = q(args.string("owner"));
        String group = q(args.string("group"));
        String mtime = FileTimes.resolve(args.string("modification_time"), args.string("modification_time_format"), state);
        String atime = FileTimes.resolve(args.string("access_time"), args.string("access_time_format"), state);
        String attributes = FileAttributes.check(args.string("attributes"));
        boolean timed = !mtime.equals("preserve") || !atime.equals("preserve");
        if ((state.equals("link") || state.equals("hard")) && (timed || attributes != null)) {
            throw new ArgumentException(timed ? "modification_time" : "attributes", "state=" + state + " does not take "
                    + (timed ? "modification_time/access_time" : "attributes") + " in Muster yet");
        }
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        s.line("mu_f=%s; mu_t=", path(args.string("path")));
        if (args.bool("follow") && (state.equals("file") || state.equals("directory"))) {
            // Ansible's realpath: the link's target, which the result names
            s.line("if [ -L \"$mu_f\" ]; then mu_f=$(readlink -m -- \"$mu_f\") || mu_fail \"cannot resolve the link $mu_f\"; fi");
        }
        s.line("mu_set path \"$mu_f\"");
        s.line("mu_info=1");
        // the state before, in Ansible's words, for the result's diff
        s.line("if [ -L \"$mu_f\" ]; then mu_ps=link; elif [ -d \"$mu_f\" ]; then mu_ps=directory; "
                + "elif [ -e \"$mu_f\" ]; then mu_ps=file; else mu_ps=absent; fi; mu_set prev \"$mu_ps\"");
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
                    s.line("if [ -L \"$mu_f\" ]; then mu_fail \"$mu_f already exists as a link\"; fi");
                }
                s.line("if [ ! -d \"$mu_f\" ]; then");
                s.line("  if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_fail \"$mu_f already exists as a $mu_ps\"; fi");
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
                s.line("if [ ! -e \"$mu_f\" ]; then mu_fail \"file ($mu_f) is absent, cannot continue\"; fi");
                s.line("if [ -d \"$mu_f\" ]; then mu_fail \"file ($mu_f) is directory, cannot continue\"; fi");
                if (!args.bool("follow")) {
                    s.line("if [ -L \"$mu_f\" ]; then mu_fail \"file ($mu_f) is link, cannot continue\"; fi");
                }
                s.line("mu_attrs \"$mu_f\" %s %s %s", q(mode), owner, group);
                settle(s, "if :; then", mtime, atime, attributes);
            }
            case "touch" -> {
                // Like Ansible: a missing file is created empty; then the attributes and times (by default now, which is
                // always a change) of the file, or with follow of the link's target
                s.line("if [ ! -e \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then mu_change created;");
                s.line("  [ \"$mu_check\" = 1 ] || : > \"$mu_f\" || mu_fail \"Error, could not touch target: $mu_f\"; fi");
                s.line("mu_t=$mu_f; %s", args.bool("follow") ? "if [ -L \"$mu_f\" ]; then mu_t=$(readlink -m -- \"$mu_f\"); fi" : ":");
                s.line("if [ -e \"$mu_t\" ]; then mu_attrs \"$mu_t\" %s %s %s; fi", q(mode), owner, group);
                settle(s, "if [ -e \"$mu_t\" ]; then", mtime, atime, attributes);
            }
            case "link", "hard" -> link(s, args, state.equals("hard"), mode, owner, group);
            default -> throw new ArgumentException("unknown state " + state);
        }
        String src = args.string("src");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), state, src));
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
            throw new ArgumentException("state=" + (hard ? "hard" : "link") + " needs src, the file the link points to");
        }
        String src = args.string("src");
        s.line("mu_s=%s", hard ? path(src) : q(src));
        if (hard) {
            s.line("if [ ! -e \"$mu_s\" ]; then mu_fail \"src $mu_s does not exist\"; fi");
            s.line("if [ \"$mu_s\" -ef \"$mu_f\" ]; then :; else");
        } else {
            // readlink's output loses trailing newlines in $(...): the x keeps them.
            if (!args.bool("force")) {
                // a link to nothing is refused without force, as in Ansible (a relative src is the link's directory's)
                // (inside a directory path, as Ansible joins them)
                s.line("case $mu_s in /*) mu_as=$mu_s ;; *) if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then mu_as=$mu_f/$mu_s; "
                        + "else mu_dir \"$mu_f\"; mu_as=$mu_d/$mu_s; fi ;; esac");
                s.line("if [ ! -e \"$mu_as\" ]; then mu_fail \"src file does not exist, use \\\"force=yes\\\" if you really want to create the link: $mu_as\"; fi");
            }
            s.line("mu_l=; if [ -L \"$mu_f\" ]; then mu_l=$(readlink -- \"$mu_f\"; printf x); mu_l=${mu_l%%\"$mu_nl\"x}; fi");
            s.line("if [ -L \"$mu_f\" ] && [ \"$mu_l\" = \"$mu_s\" ]; then :; else");
        }
        // Ansible's refusals, in its words: a file or directory is replaced only with force, a directory only when empty
        s.line("  if [ -e \"$mu_f\" ] && [ ! -L \"$mu_f\" ] && [ %s != 1 ]; then mu_fail \"%s\"; fi", args.bool("force") ? "1" : "0",
                hard ? "Cannot link, $mu_ps exists at destination" : "refusing to convert from $mu_ps to symlink for $mu_f");
        s.line("  if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then if [ %s = 1 ] && [ -z \"$(ls -A -- \"$mu_f\")\" ]; then "
                + "[ \"$mu_check\" = 1 ] || rmdir -- \"$mu_f\" || mu_fail \"cannot remove $mu_f\"; "
                + "else mu_fail \"the directory $mu_f is not empty, refusing to convert it\"; fi; fi", hard ? "0" : "1");
        s.line("  mu_change linked");
        s.line("  if [ \"$mu_check\" != 1 ]; then mu_dir \"$mu_f\"; mu_tmp=\"$mu_d/.muster.$$.link\"; rm -f -- \"$mu_tmp\"");
        s.line("    ln %s-- \"$mu_s\" \"$mu_tmp\" && mv -fT -- \"$mu_tmp\" \"$mu_f\" || mu_fail \"cannot link $mu_f\"; mu_tmp=; fi", hard ? "" : "-s ");
        s.line("fi");
        s.line("if [ -L \"$mu_f\" ] || [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" '' %s %s; fi", owner, group);
        if (mode != null && hard) {
            s.line("if [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s '' ''; fi", q(mode));
        }
    }

    private static void recurse(ModuleScript s, String mode, Args args) {
        if (mode != null && !mode.matches("[0-7]+")) {
            throw new ArgumentException("recurse=yes takes an octal mode, not '" + mode + "'");
        }
        StringBuilder test = new StringBuilder();
        if (mode != null) {
            test.append("! -perm ").append(mode);
        }
        if (args.has("owner")) {
            test.append(test.isEmpty() ? "" : " -o ").append("! -user ").append(q(args.string("owner")));
        }
        if (args.has("group")) {
            test.append(test.isEmpty() ? "" : " -o ").append("! -group ").append(q(args.string("group")));
        }
        if (test.isEmpty()) {
            return;
        }
        s.line("if [ -d \"$mu_f\" ] && [ -n \"$(find \"$mu_f\" \\( %s \\) -print 2>/dev/null | head -n 1)\" ]; then mu_change recursed;", test);
        s.line("  if [ \"$mu_check\" != 1 ]; then");
        if (mode != null) {
            s.line("    chmod -R -- %s \"$mu_f\" || mu_fail \"cannot chmod $mu_f\"", mode);
        }
        if (args.has("owner")) {
            s.line("    chown -R -- %s \"$mu_f\" || mu_fail \"cannot chown $mu_f\"", q(args.string("owner")));
        }
        if (args.has("group")) {
            s.line("    chgrp -R -- %s \"$mu_f\" || mu_fail \"cannot chgrp $mu_f\"", q(args.string("group")));
        }
        s.line("  fi; fi");
    }

    /**
     * Ansible's keys per state: {@code path} for file, directory and absent, {@code dest} (and {@code src}) for
     * touch and the links; the path information of what is there; the diff of path, state, mode and owners.
     */
    private static TaskResult interpret(ScriptReport report, String state, String src) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        String path = report.get("path");
        Map<String, Object> data = new LinkedHashMap<>();
        boolean link = state.equals("link") || state.equals("hard");
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
            data.put("diff", PathInfo.diff(report, path, report.get("prev"), state));
        }
        return result.withData(data);
    }
}
