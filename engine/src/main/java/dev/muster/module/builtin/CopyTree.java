package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * copy with a directory as {@code src} on the controller, as ansible-core's copy action walks it: {@code src: dir}
 * copies the directory itself into dest, {@code src: dir/} its contents (rsync's rule); the files first (each compared
 * by its sum and written only when it differs, the missing directories above it made with {@code directory_mode}),
 * then every directory (made when missing, given {@code directory_mode}, owner and group), then the links
 * ({@code local_follow=no}, or a link that cannot be followed). An empty source directory copies nothing, as in Ansible.
 * The content rides base64 inside the script, decoded on the target only for a file that differs.
 */
final class CopyTree {

    /** The whole tree rides inside one script: beyond this, copy it another way (an archive, or a file per task). */
    static final long LIMIT = 32L * 1024 * 1024;

    private CopyTree() {
    }

    record Entries(List<String[]> files, List<String> dirs, List<String[]> links) {
    }

    /**
     * The tree's entries relative to dest: files as {path on the controller, relative path}, directories, and links
     * as {target, relative path}.
     */
    static Entries walk(Path top, boolean contentsOnly, boolean localFollow) {
        Entries entries = new Entries(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String base = contentsOnly ? "" : top.getFileName().toString();
        try {
            walk(top, base, localFollow, new HashSet<>(Set.of(top.toRealPath())), entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static void walk(Path dir, String rel, boolean localFollow, Set<Path> parents, Entries entries) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String name = child.getFileName().toString();
            String childRel = rel.isEmpty() ? name : rel + "/" + name;
            if (Files.isSymbolicLink(child)) {
                Path real = Files.exists(child) ? child.toRealPath() : null;
                if (localFollow && real != null && Files.isRegularFile(real)) {
                    entries.files().add(new String[] {real.toString(), childRel});
                } else if (localFollow && real != null && Files.isDirectory(real) && !parents.contains(real)) {
                    entries.dirs().add(childRel);
                    Set<Path> inside = new HashSet<>(parents);
                    inside.add(real);
                    walk(real, childRel, localFollow, inside, entries);
                } else {
                    entries.links().add(new String[] {Files.readSymbolicLink(child).toString(), childRel});
                }
            } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                entries.dirs().add(childRel);
                Set<Path> inside = new HashSet<>(parents);
                inside.add(child.toRealPath());
                walk(child, childRel, localFollow, inside, entries);
            } else if (Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                entries.files().add(new String[] {child.toString(), childRel});
            } else {
                throw new ArgumentException("src " + child + " is neither a file, a directory nor a link: copy cannot send it");
            }
        }
    }

    static RemoteAction plan(Args args, TaskContext context, Path top, String src) {
        boolean contentsOnly = src.endsWith("/");
        Entries entries = walk(top, contentsOnly, !Boolean.FALSE.equals(args.values().get("local_follow")));
        String dest = args.string("dest").endsWith("/") ? args.string("dest") : args.string("dest") + "/";
        if (entries.files().size() == 1 && entries.dirs().isEmpty() && entries.links().isEmpty()) {
            // one file: Ansible returns that copy's own result, so it is copied as a single src is
            String rel = entries.files().get(0)[1];
            int slash = rel.lastIndexOf('/');
            byte[] bytes = read(entries.files().get(0)[0]);
            if (args.bool("decrypt")) {
                ContentWriter.refuseVault(bytes, Path.of(entries.files().get(0)[0]));
            }
            return ContentWriter.plan(ContentWriter.preserveMode(args, Path.of(entries.files().get(0)[0])), context,
                    slash < 0 ? dest : dest + rel.substring(0, slash + 1), rel.substring(slash + 1), bytes);
        }
        // mode=preserve: each file keeps its own mode (Ansible's action passes every file's mode)
        boolean preserve = "preserve".equals(args.string("mode"));
        String mode = preserve ? null : Modes.normalize(args.string("mode"));
        String owner = q(args.string("owner"));
        String group = q(args.string("group"));
        String directoryMode = args.has("directory_mode") ? Modes.normalize(args.string("directory_mode")) : null;
        ModuleScript s = ModuleScript.start(context.check(), context.diff());
        long total = 0;
        for (String[] file : entries.files()) {
            byte[] bytes = read(file[0]);
            if (args.bool("decrypt")) {
                ContentWriter.refuseVault(bytes, Path.of(file[0]));
            }
            if (preserve) {
                mode = ContentWriter.preserveMode(args, Path.of(file[0])).string("mode");
            }
            total += bytes.length;
            if (total > LIMIT) {
                throw new ArgumentException("src " + src + " holds more than " + LIMIT / (1024 * 1024) + " MiB: too much for one task");
            }
            String sum = ContentWriter.sha256(bytes);
            s.line("mu_f=%s; mu_sha256 \"$mu_f\"", q(dest + file[1]));
            s.line("if [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_ex=1; else mu_ex=0; fi");
            s.line("if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then mu_fail \"$mu_f is a directory\"; fi");
            s.line("if [ $mu_ex = 1 ] && [ %s = 0 ]; then :; elif [ -L \"$mu_f\" ] || [ \"$mu_sum\" != %s ]; then mu_change \"copied $mu_f\"",
                    args.bool("force") ? "1" : "0", sum);
            s.line("  if [ \"$mu_check\" != 1 ]; then");
            ContentWriter.makeParents(s, args);
            s.line("    if [ -L \"$mu_f\" ]; then rm -f -- \"$mu_f\" || mu_fail \"cannot replace the link $mu_f\"; fi");
            s.line("    mu_t2=$(mktemp) || mu_fail 'cannot create a temporary file'");
            s.line("    printf '%%s' %s | base64 -d > \"$mu_t2\" || mu_fail \"cannot decode the content for $mu_f\"",
                    q(Base64.getEncoder().encodeToString(bytes)));
            s.line("    mu_write \"$mu_f\" %s %s %s %s < \"$mu_t2\"; rm -f -- \"$mu_t2\"; mu_t2=", q(mode), owner, group, sum);
            s.line("  fi");
            s.line("  if [ -e \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s %s %s; fi", q(mode), owner, group);
            s.line("else mu_attrs \"$mu_f\" %s %s %s; fi", q(mode), owner, group);
        }
        for (String dir : entries.dirs()) {
            s.line("mu_f=%s", q(dest + dir));
            s.line("if [ -d \"$mu_f\" ]; then mu_attrs \"$mu_f\" %s %s %s;", q(directoryMode), owner, group);
            s.line("elif [ -e \"$mu_f\" ] || [ -L \"$mu_f\" ]; then mu_fail \"$mu_f already exists as a file\";");
            // makeParents makes the directories above $mu_f: here the directory itself and any above it
            s.line("else mu_change \"created $mu_f\"; if [ \"$mu_check\" != 1 ]; then mu_f=$mu_f/.");
            ContentWriter.makeParents(s, args);
            s.line("fi; fi");
        }
        for (String[] link : entries.links()) {
            s.line("mu_f=%s; mu_s=%s", q(dest + link[1]), q(link[0]));
            s.line("mu_l=; if [ -L \"$mu_f\" ]; then mu_l=$(readlink -- \"$mu_f\"; printf x); mu_l=${mu_l%%\"$mu_nl\"x}; fi");
            s.line("if [ -L \"$mu_f\" ] && [ \"$mu_l\" = \"$mu_s\" ]; then :; else mu_change \"linked $mu_f\"");
            s.line("  if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ] && [ -n \"$(ls -A -- \"$mu_f\")\" ]; then "
                    + "mu_fail \"the directory $mu_f is not empty, refusing to convert it\"; fi");
            s.line("  if [ \"$mu_check\" != 1 ]; then if [ -d \"$mu_f\" ] && [ ! -L \"$mu_f\" ]; then rmdir -- \"$mu_f\" || mu_fail \"cannot remove $mu_f\"; fi");
            s.line("    mu_dir \"$mu_f\"; mu_tmp=\"$mu_d/.muster.$$.link\"; rm -f -- \"$mu_tmp\"");
            s.line("    ln -s -- \"$mu_s\" \"$mu_tmp\" && mv -fT -- \"$mu_tmp\" \"$mu_f\" || mu_fail \"cannot link $mu_f\"; mu_tmp=; fi; fi");
            s.line("if [ -L \"$mu_f\" ]; then mu_attrs \"$mu_f\" '' %s %s; fi", owner, group);
        }
        String source = top + (contentsOnly ? "/" : "");
        return RemoteAction.of(s.finish(), exec -> interpret(ScriptReport.parse(exec), dest, source));
    }

    private static byte[] read(String path) {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** Ansible's result for a tree: dest (with its "/"), src (the directory on the controller) and changed. */
    private static TaskResult interpret(ScriptReport report, String dest, String source) {
        TaskResult result = report.toResult("");
        if (result.failed()) {
            return result;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", dest);
        data.put("src", source);
        return result.withData(data);
    }
}
