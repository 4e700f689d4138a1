package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.ScriptReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written and compared as a host's shell session runs a task (the content inside the task's script, a random
 * name for its temporary file): every process a task starts costs the target a fork and an exec, so these count
 * them (logging wrappers first in PATH), and each result must be exactly what the same task gives run alone.
 */
class SessionWritesTest {

    private static final List<String> TOOLS = List.of("mktemp", "sha256sum", "chmod", "chown", "chgrp", "mv", "stat", "cat",
            "wc", "awk", "rm", "cp", "umask");

    @TempDir
    Path dir;

    private Path log;
    private LocalSh sh;

    @BeforeEach
    void loggingTools() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("calls.log");
        for (String tool : TOOLS) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\necho " + tool + " >> '" + log + "'\nPATH=/usr/bin:/bin exec " + tool + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        sh = new LocalSh(dir, bin.toString(), s -> s);
    }

    /** The commands run since the last call, in order. */
    private List<String> calls() throws Exception {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> lines = Files.readAllLines(log);
        Files.delete(log);
        return lines;
    }

    private TaskResult session(String module, Map<String, Object> args, TaskContext context) {
        return sh.runInSession(plan(module, args, context));
    }

    private TaskResult alone(String module, Map<String, Object> args, TaskContext context) {
        return sh.run(plan(module, args, context));
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /** A result without the keys that name the path (the two runs write two paths). */
    private static Map<String, Object> withoutPaths(TaskResult result) {
        Map<String, Object> data = new LinkedHashMap<>(result.data());
        data.remove("dest");
        data.remove("path");
        data.remove("diff");
        return data;
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private void assertNoTemporaryFile(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".muster")), "a temporary file was left in " + directory);
        }
    }

    @Test
    void aNewFileCostsOneRenameAndOneStatAndIsWhatTheTaskAloneWrites() throws Exception {
        Path s = Files.createDirectories(dir.resolve("s"));
        Path a = Files.createDirectories(dir.resolve("a"));
        for (String mode : List.of("0640", "u=rw,g=r,o=", "0755")) {
            Files.deleteIfExists(s.resolve("app.conf"));
            Files.deleteIfExists(a.resolve("app.conf"));
            TaskResult inSession = session("copy", args("content", "a=1\n", "dest", s.resolve("app.conf").toString(), "mode", mode), Contexts.normal());
            List<String> sessionCalls = calls();
            TaskResult byItself = alone("copy", args("content", "a=1\n", "dest", a.resolve("app.conf").toString(), "mode", mode), Contexts.normal());
            calls();
            assertEquals(TaskResult.Status.CHANGED, inSession.status(), inSession.message());
            // a mode beyond 0666 cannot be the one a file is created with: then one chmod
            assertEquals(mode.equals("0755") ? List.of("chmod", "mv", "stat") : List.of("mv", "stat"), sessionCalls, mode);
            assertEquals(withoutPaths(byItself), withoutPaths(inSession), mode);
            assertEquals("a=1\n", Files.readString(s.resolve("app.conf")));
            assertEquals(mode(a.resolve("app.conf")), mode(s.resolve("app.conf")), mode);
            assertNoTemporaryFile(s);
        }
    }

    @Test
    void anUnchangedFileCostsOneStatAndReportsWhatTheTaskAloneReports() throws Exception {
        Path file = dir.resolve("motd");
        Map<String, Object> args = args("content", "hello\nworld\n", "dest", file.toString(), "mode", "0644");
        alone("copy", args, Contexts.normal());
        calls();
        TaskResult byItself = alone("copy", args, Contexts.normal());
        calls();
        TaskResult inSession = session("copy", args, Contexts.normal());
        assertEquals(List.of("stat"), calls());
        assertEquals(TaskResult.Status.OK, inSession.status(), inSession.message());
        assertEquals(byItself.data(), inSession.data());
    }

    @Test
    void otherContentOfTheSameSizeIsRewrittenAndAFileHoldingANulNeverReadsEqual() throws Exception {
        Path file = dir.resolve("same-size");
        Files.writeString(file, "a=2\n");
        Map<String, Object> args = args("content", "a=1\n", "dest", file.toString());
        assertEquals(TaskResult.Status.CHANGED, session("copy", args, Contexts.normal()).status());
        assertFalse(calls().contains("sha256sum"));
        assertEquals("a=1\n", Files.readString(file));
        // the shell's read drops NUL bytes: "ab" NUL "\n" reads as "ab\n", one byte short of the file's size
        Files.write(file, new byte[] {'a', 'b', 0, '\n'});
        assertEquals(TaskResult.Status.CHANGED, session("copy", args("content", "ab\n\n", "dest", file.toString()), Contexts.normal()).status());
        assertEquals("ab\n\n", Files.readString(file));
        assertEquals(TaskResult.Status.OK, session("copy", args("content", "ab\n\n", "dest", file.toString()), Contexts.normal()).status());
    }

    @Test
    void everyByteButNulAndNoFinalNewlineCompareExactly() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int c = 1; c < 0x800; c++) {
            text.appendCodePoint(c);
        }
        text.append("\r\n\\n\\\\ a\tb  \n\n'\"$(x)` last \\");
        String content = text.toString();
        Path file = dir.resolve("bytes");
        Files.writeString(file, content);
        assertEquals(TaskResult.Status.OK, session("copy", args("content", content, "dest", file.toString()), Contexts.normal()).status());
        assertEquals(List.of("stat"), calls());
        String other = content.substring(0, content.length() - 1) + "/";
        assertEquals(TaskResult.Status.CHANGED, session("copy", args("content", other, "dest", file.toString()), Contexts.normal()).status());
        assertEquals(other, Files.readString(file));
    }

    @Test
    void anExistingFileKeepsItsModeOrGetsTheModeAppliedToIt() throws Exception {
        Path s = dir.resolve("s.conf");
        Path a = dir.resolve("a.conf");
        for (String[] modes : new String[][] {{"rw-------", null}, {"rw-------", "g+r"}, {"rw-r-----", "0604"}, {"rwxr-x---", null}}) {
            for (Path file : List.of(s, a)) {
                Files.writeString(file, "old\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(modes[0]));
            }
            Map<String, Object> base = args("content", "new\n");
            if (modes[1] != null) {
                base.put("mode", modes[1]);
            }
            Map<String, Object> toS = new LinkedHashMap<>(base);
            toS.put("dest", s.toString());
            Map<String, Object> toA = new LinkedHashMap<>(base);
            toA.put("dest", a.toString());
            TaskResult inSession = session("copy", toS, Contexts.normal());
            List<String> sessionCalls = calls();
            TaskResult byItself = alone("copy", toA, Contexts.normal());
            calls();
            String what = modes[0] + " then " + modes[1];
            assertEquals(withoutPaths(byItself), withoutPaths(inSession), what);
            assertEquals(mode(a), mode(s), what);
            assertEquals("new\n", Files.readString(s));
            // an executable file's mode is beyond 0666: it is not created with it
            assertEquals(modes[0].contains("x") ? List.of("stat", "chmod", "chown", "mv", "stat") : List.of("stat", "mv", "stat"),
                    sessionCalls, what);
        }
    }

    @Test
    void largeAndLinkedFilesAreComparedBySha256sum() throws Exception {
        String big = "x".repeat(20000) + "\n";
        Path file = dir.resolve("big");
        Files.writeString(file, big);
        assertEquals(TaskResult.Status.OK, session("copy", args("content", big, "dest", file.toString()), Contexts.normal()).status());
        assertEquals(List.of("stat", "sha256sum"), calls());
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, file);
        // follow: the link's target is compared (Ansible's default, no follow, replaces the link by a file: changed)
        TaskResult linked = session("copy", args("content", big, "dest", link.toString(), "follow", true), Contexts.normal());
        assertEquals(TaskResult.Status.OK, linked.status());
        assertTrue(calls().contains("sha256sum"));
        assertEquals(alone("copy", args("content", big, "dest", link.toString(), "follow", true), Contexts.normal()).data(), linked.data());
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void checkAndDiffModesReportWhatTheTaskAloneReports() throws Exception {
        Path s = dir.resolve("s.txt");
        Path a = dir.resolve("a.txt");
        for (Path file : List.of(s, a)) {
            Files.writeString(file, "one\ntwo\n");
        }
        for (TaskContext context : List.of(Contexts.check(), Contexts.diff())) {
            TaskResult inSession = session("copy", args("content", "one\nthree\n", "dest", s.toString()), context);
            TaskResult byItself = alone("copy", args("content", "one\nthree\n", "dest", a.toString()), context);
            assertEquals(byItself.status(), inSession.status());
            assertEquals(withoutPaths(byItself), withoutPaths(inSession));
            assertEquals(byItself.diff() == null, inSession.diff() == null);
            if (byItself.diff() != null) {
                assertEquals(byItself.diff().before(), inSession.diff().before());
                assertEquals(byItself.diff().after(), inSession.diff().after());
            }
            assertEquals(Files.readString(a), Files.readString(s));
        }
    }

    @Test
    void aLineEditWritesAwksOutputStraightIntoItsTemporaryFile() throws Exception {
        Path file = dir.resolve("conf").resolve("settings.ini");
        Files.createDirectories(file.getParent());
        Map<String, Object> port = args("path", file.toString(), "line", "port=8080", "create", true, "mode", "0644");
        TaskResult created = session("lineinfile", port, Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, created.status(), created.message());
        assertEquals(List.of("awk", "awk", "mv", "stat"), calls());
        assertEquals("port=8080\n", Files.readString(file));
        assertEquals("rw-r--r--", mode(file));
        assertEquals(TaskResult.Status.OK, session("lineinfile", port, Contexts.normal()).status());
        assertEquals(List.of("awk", "stat"), calls());
        TaskResult added = session("lineinfile", args("path", file.toString(), "line", "name=x"), Contexts.diff());
        assertEquals(TaskResult.Status.CHANGED, added.status());
        assertEquals("port=8080\n", added.diff().before());
        assertEquals("port=8080\nname=x\n", added.diff().after());
        assertEquals("port=8080\nname=x\n", Files.readString(file));
        assertEquals("rw-r--r--", mode(file));
        assertNoTemporaryFile(file.getParent());
    }

    /** A temporary name that is taken (here by a FIFO, which the shell's noclobber would open) goes to mktemp instead. */
    @Test
    void aTakenTemporaryNameFallsBackToMktemp() throws Exception {
        Path target = Files.createDirectories(dir.resolve("t"));
        Process fifo = new ProcessBuilder("mkfifo", target.resolve(".muster.token").toString()).start();
        assertEquals(0, fifo.waitFor());
        String script = ModuleScript.start(false, false)
                .line("mu_tn=token; mu_mktemp %s 644; mu_set taken \"$mu_tmp\"; mu_set final \"$mu_tmpm\"; mu_tmp=", ModuleScript.q(target.toString()))
                .line("mu_tn=free; mu_mktemp %s 640; mu_set free \"$mu_tmp\"; mu_set final2 \"$mu_tmpm\"; mu_tmp=", ModuleScript.q(target.toString()))
                .finish();
        ScriptReport report = ScriptReport.parse(sh.exec(script, null));
        assertEquals(List.of("mktemp"), calls());
        assertNotEquals(target.resolve(".muster.token").toString(), report.get("taken"));
        assertEquals("0", report.get("final"));
        assertEquals(target.resolve(".muster.free").toString(), report.get("free"));
        assertEquals("1", report.get("final2"));
        assertEquals("rw-r-----", mode(target.resolve(".muster.free")));
        assertTrue(new String(Files.readAllBytes(target.resolve(".muster.free")), StandardCharsets.UTF_8).isEmpty());
    }
}
