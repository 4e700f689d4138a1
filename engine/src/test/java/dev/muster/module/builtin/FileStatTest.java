package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStatTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Object args, TaskContext context) {
        return new LocalSh(dir).run(plan(module, args, context));
    }

    private TaskResult run(String module, Object args) {
        return run(module, args, Contexts.normal());
    }

    @Test
    void directoryIsCreatedOnceWithItsMode() throws Exception {
        Path d = dir.resolve("a/b");
        Map<String, Object> args = Map.of("path", d.toString(), "state", "directory", "mode", "0750");
        assertEquals(TaskResult.Status.CHANGED, run("file", args, Contexts.check()).status());
        assertFalse(Files.exists(d));
        assertEquals(TaskResult.Status.CHANGED, run("file", args).status());
        assertTrue(Files.isDirectory(d));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        assertEquals(TaskResult.Status.OK, run("file", args).status());
    }

    @Test
    void linkIsIdempotentAndAbsentRemoves() throws Exception {
        Path link = dir.resolve("current");
        Files.createDirectories(dir.resolve("releases/1"));
        Files.createDirectories(dir.resolve("releases/2"));
        Map<String, Object> args = Map.of("path", link.toString(), "state", "link", "src", "releases/1");
        assertEquals(TaskResult.Status.CHANGED, run("file", args).status());
        assertEquals("releases/1", Files.readSymbolicLink(link).toString());
        assertEquals(TaskResult.Status.OK, run("file", args).status());
        assertEquals(TaskResult.Status.CHANGED, run("file", Map.of("path", link.toString(), "state", "link", "src", "releases/2")).status());
        assertEquals("releases/2", Files.readSymbolicLink(link).toString());
        assertEquals(TaskResult.Status.CHANGED, run("file", Map.of("path", link.toString(), "state", "absent")).status());
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(TaskResult.Status.OK, run("file", Map.of("path", link.toString(), "state", "absent")).status());
    }

    @Test
    void touchCreatesAndFileStateFailsOnAMissingFile() {
        Path f = dir.resolve("t");
        assertEquals(TaskResult.Status.CHANGED, run("file", Map.of("path", f.toString(), "state", "touch")).status());
        assertTrue(Files.exists(f));
        TaskResult missing = run("file", Map.of("path", dir.resolve("nope").toString()));
        assertEquals(TaskResult.Status.FAILED, missing.status());
        assertTrue(missing.message().contains("is absent, cannot continue"), missing.message());
    }

    @Test
    void recurseFixesModeBelowADirectory() throws Exception {
        Path d = Files.createDirectories(dir.resolve("r/s"));
        Files.writeString(d.resolve("f"), "x");
        Map<String, Object> args = Map.of("path", dir.resolve("r").toString(), "state", "directory", "mode", "0700", "recurse", true);
        assertEquals(TaskResult.Status.CHANGED, run("file", args).status());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("f"))));
        assertEquals(TaskResult.Status.OK, run("file", args).status());
    }

    @Test
    void withoutStateTheFileKeepsTheStateItIsIn() throws Exception {
        // Ansible's default state is the path's current one: a directory stays a directory and gets the mode
        Path d = Files.createDirectories(dir.resolve("keep"));
        TaskResult result = run("file", Map.of("path", d.toString(), "mode", "0700"));
        assertEquals(TaskResult.Status.CHANGED, result.status(), result.message());
        assertEquals("directory", result.data().get("state"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)));
        // absent with recurse: a directory is created
        Path made = dir.resolve("made");
        assertEquals(TaskResult.Status.CHANGED, run("file", Map.of("path", made.toString(), "recurse", true, "mode", "0750")).status());
        assertTrue(Files.isDirectory(made));
        // a missing path without recurse is a file: it fails, naming the state
        TaskResult missing = run("file", Map.of("path", dir.resolve("ghost").toString()));
        assertEquals(TaskResult.Status.FAILED, missing.status());
        assertEquals("absent", missing.data().get("state"));
    }

    @Test
    void recurseAndSrcNeedTheirStatesAsAnsibleSays() throws Exception {
        Path d = Files.createDirectories(dir.resolve("kept/in"));
        TaskResult absent = run("file", Map.of("path", dir.resolve("kept").toString(), "state", "absent", "recurse", true));
        assertEquals(TaskResult.Status.FAILED, absent.status());
        assertEquals("recurse option requires state to be 'directory'", absent.message());
        assertTrue(Files.isDirectory(d));
        Path f = Files.writeString(dir.resolve("f"), "x");
        TaskResult src = run("file", Map.of("path", dir.resolve("l").toString(), "src", f.toString()));
        assertEquals(TaskResult.Status.FAILED, src.status());
        assertEquals("src option requires state to be 'link' or 'hard'", src.message());
        TaskResult hard = run("file", Map.of("path", dir.resolve("h").toString(), "state", "hard"));
        assertEquals("src is required for creating new hardlinks", hard.message());
    }

    @Test
    void aLinksModeIsItsTargetsWhenFollowed() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = dir.resolve("link");
        TaskResult result = run("file", Map.of("path", link.toString(), "src", target.toString(), "state", "link", "mode", "0700"));
        assertEquals(TaskResult.Status.CHANGED, result.status(), result.message());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals("link", result.data().get("state"));
        // relinked elsewhere: the diff names the old and the new target
        Path other = Files.writeString(dir.resolve("other"), "y");
        TaskResult relinked = run("file", Map.of("path", link.toString(), "src", other.toString(), "state", "link"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> diff = (Map<String, Map<String, Object>>) relinked.data().get("diff");
        assertEquals(target.toString(), diff.get("before").get("src"));
        assertEquals(other.toString(), diff.get("after").get("src"));
    }

    @Test
    void recurseTakesSymbolicModesAndFollowsLinksOnlyWithFollow() throws Exception {
        Path top = Files.createDirectories(dir.resolve("top"));
        Path outside = Files.writeString(dir.resolve("outside"), "x");
        Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(top.resolve("link"), outside);
        Files.createSymbolicLink(top.resolve("dangling"), dir.resolve("does_not_exist"));
        Path inner = Files.writeString(top.resolve("inner"), "y");
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rwx------"));
        Map<String, Object> args = Map.of("path", top.toString(), "mode", "a-x", "recurse", true, "follow", false);
        assertEquals(TaskResult.Status.CHANGED, run("file", args).status());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(inner)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
        TaskResult followed = run("file", Map.of("path", top.toString(), "mode", "a-x", "recurse", true, "follow", true));
        assertEquals(TaskResult.Status.CHANGED, followed.status(), followed.message());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)));
        assertEquals(TaskResult.Status.OK, run("file", Map.of("path", top.toString(), "mode", "a-x", "recurse", true)).status());
    }

    @Test
    void checkModeWarnsOfAnOwnerOrGroupThatDoesNotExistYet() {
        TaskResult missing = run("file", Map.of("path", dir.resolve("nope").toString(), "owner", "musternosuchuser", "group", "4242421"),
                Contexts.check());
        assertEquals(TaskResult.Status.FAILED, missing.status(), "the path is absent: Ansible fails too");
        assertEquals(List.of("failed to look up user musternosuchuser. Create user up to this point in real play",
                "failed to look up group with gid 4242421. Create group up to this point in real play"), missing.data().get("warnings"));
        TaskResult root = run("file", Map.of("path", dir.toString(), "owner", "root"), Contexts.check());
        assertEquals(null, root.data().get("warnings"));
    }

    @Test
    void statBelowAFileFailsAsAnsiblesDoes() throws Exception {
        Path f = Files.writeString(dir.resolve("plain"), "x");
        TaskResult below = run("stat", Map.of("path", f.resolve("child").toString()));
        assertEquals(TaskResult.Status.FAILED, below.status());
        assertEquals("Not a directory", below.message());
        assertEquals(TaskResult.Status.OK, run("stat", Map.of("path", dir.resolve("none/child").toString())).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void statReportsAnsibleFields() throws Exception {
        Path f = dir.resolve("s.txt");
        Files.writeString(f, "abc");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Map<String, Object> stat = (Map<String, Object>) run("stat", Map.of("path", f.toString())).data().get("stat");
        assertEquals(true, stat.get("exists"));
        assertEquals(true, stat.get("isreg"));
        assertEquals(false, stat.get("isdir"));
        assertEquals("0640", stat.get("mode"));
        assertEquals(3L, stat.get("size"));
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", stat.get("checksum"));
        assertEquals(System.getProperty("user.name"), stat.get("pw_name"));
        Map<String, Object> none = (Map<String, Object>) run("stat", Map.of("path", dir.resolve("none").toString())).data().get("stat");
        assertEquals(false, none.get("exists"));
        Files.createSymbolicLink(dir.resolve("l"), f);
        Map<String, Object> link = (Map<String, Object>) run("stat", Map.of("path", dir.resolve("l").toString())).data().get("stat");
        assertEquals(true, link.get("islnk"));
        assertEquals(f.toString(), link.get("lnk_target"));
    }

    private static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        return out;
    }

    /**
     * Symbolic modes made of who letters and rwx are resolved in shell arithmetic, without the
     * probe file's five processes; the result must be exactly what chmod itself makes of them.
     * X, s, t and umask-relative modes still go through the probe (a logged mktemp proves which path ran).
     */
    @Test
    void symbolicModesMatchChmodAndSkipTheProbeWhenTheyCan() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("mktemp.log");
        Path wrapper = bin.resolve("mktemp");
        Files.writeString(wrapper, "#!/bin/sh\necho mktemp >> '" + log + "'\nPATH=/usr/bin:/bin exec mktemp \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalSh local = new LocalSh(dir, bin.toString(), s -> s);
        Path target = dir.resolve("target");
        Path reference = dir.resolve("reference");
        Files.writeString(target, "");
        Files.writeString(reference, "");
        List<String> arithmetic = List.of("u+x", "g-w", "o=r", "a=rwx", "u=rw,go=r", "ug+rw,o-rwx", "u=,g=,o=", "a-x",
                "go-r", "u+rwx-w", "a+r=x", "ug=r+w", "ug=x,u-x,o=rw", "a=");
        List<String> probed = List.of("u+X", "+x", "u+s", "o+t", "g=u");
        for (String start : List.of("644", "4755", "2750", "1777", "0", "7777")) {
            for (String mode : concat(arithmetic, probed)) {
                sh("chmod", start, target.toString());
                sh("chmod", start, reference.toString());
                sh("chmod", mode, reference.toString());
                Files.deleteIfExists(log);
                String want = sh("stat", "-c", "%a", reference.toString());
                TaskResult first = local.run(plan("file", Map.of("path", target.toString(), "state", "file", "mode", mode), Contexts.normal()));
                assertEquals(want, sh("stat", "-c", "%a", target.toString()), start + " then " + mode);
                assertEquals(!want.equals(start), first.changed(), start + " then " + mode);
                assertEquals(arithmetic.contains(mode), !Files.exists(log), start + " then " + mode + ": probe file use");
                TaskResult again = local.run(plan("file", Map.of("path", target.toString(), "state", "file", "mode", mode), Contexts.normal()));
                assertEquals(TaskResult.Status.OK, again.status(), start + " then " + mode + " again");
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
