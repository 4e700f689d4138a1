package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyTemplateTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Object args, TaskContext context) {
        return new LocalSh(dir).run(plan(module, args, context));
    }

    @Test
    void copyWritesOnceThenReportsOk() throws Exception {
        Path dest = dir.resolve("app.conf");
        Map<String, Object> args = Map.of("content", "a=1\n", "dest", dest.toString(), "mode", 0640);
        TaskResult first = run("copy", args, Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, first.status(), first.message());
        assertEquals("a=1\n", Files.readString(dest));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        TaskResult second = run("copy", args, Contexts.normal());
        assertEquals(TaskResult.Status.OK, second.status(), second.message());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".muster")), "no temporary file left");
        }
    }

    @Test
    void checkModeReportsButDoesNotWrite() throws Exception {
        Path dest = dir.resolve("c.conf");
        Files.writeString(dest, "old\n");
        TaskResult r = run("copy", Map.of("content", "new\n", "dest", dest.toString()), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, r.status());
        assertEquals("old\n", Files.readString(dest));
        assertEquals(TaskResult.Status.CHANGED, run("copy", Map.of("content", "x", "dest", dir.resolve("n").toString()), Contexts.check()).status());
        assertFalse(Files.exists(dir.resolve("n")));
    }

    @Test
    void diffModeGivesBeforeAndAfter() throws Exception {
        Path dest = dir.resolve("d.conf");
        Files.writeString(dest, "one\ntwo\n");
        TaskResult r = run("copy", Map.of("content", "one\nthree\n", "dest", dest.toString()), Contexts.diff());
        assertNotNull(r.diff());
        assertEquals("one\ntwo\n", r.diff().before());
        assertEquals("one\nthree\n", r.diff().after());
    }

    @Test
    void modeChangeAloneIsAChangeAndBackupKeepsTheOldFile() throws Exception {
        Path dest = dir.resolve("m.conf");
        Files.writeString(dest, "same");
        Files.setPosixFilePermissions(dest, PosixFilePermissions.fromString("rw-rw-rw-"));
        TaskResult r = run("copy", Map.of("content", "same", "dest", dest.toString(), "mode", "u=rw,go=r"), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, r.status());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        TaskResult b = run("copy", Map.of("content", "other", "dest", dest.toString(), "backup", true), Contexts.normal());
        String backup = (String) b.data().get("backup_file");
        assertEquals("same", Files.readString(Path.of(backup)));
    }

    @Test
    void srcIntoADirectoryKeepsTheFileName(@TempDir Path resources) throws Exception {
        Files.createDirectories(resources.resolve("files"));
        Files.writeString(resources.resolve("files/motd"), "hi\n");
        TaskContext context = Contexts.of(false, false, Map.of(), resources);
        TaskResult r = run("copy", Map.of("src", "motd", "dest", dir.toString()), context);
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals("hi\n", Files.readString(dir.resolve("motd")));
    }

    @Test
    void templateRendersWithVariablesThenCopies(@TempDir Path resources) throws Exception {
        Files.createDirectories(resources.resolve("templates"));
        Files.writeString(resources.resolve("templates/app.conf.mustache"), "listen {{ net.address }}:{{port}}\n{{#peers}}peer {{.}}\n{{/peers}}");
        TaskContext context = Contexts.of(false, false,
                Map.of("net", Map.of("address", "10.0.0.1"), "port", 5432, "peers", java.util.List.of("a", "b")), resources);
        Path dest = dir.resolve("app.conf");
        TaskResult r = run("template", Map.of("src", "app.conf.mustache", "dest", dest.toString()), context);
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals("listen 10.0.0.1:5432\npeer a\npeer b\n", Files.readString(dest));
        assertEquals(TaskResult.Status.OK, run("template", Map.of("src", "app.conf.mustache", "dest", dest.toString()), context).status());
    }

    @Test
    void templateIncludesTemplatesAndKeepsItsNameInADirectory(@TempDir Path resources) throws Exception {
        Files.createDirectories(resources.resolve("templates"));
        Files.writeString(resources.resolve("templates/qux"), "{% set wibble = \"WIBBLE\" %}\n");
        Files.writeString(resources.resolve("templates/bar"), "Goodbye\n");
        Files.writeString(resources.resolve("templates/main.j2"),
                "{% import 'qux' as qux %}\nhello\n{{ qux.wibble }}\n{{ template_destpath }}\n{% include 'bar' %}\n");
        TaskContext context = Contexts.of(false, false, Map.of(), resources);
        TaskResult r = run("template", Map.of("src", "main.j2", "dest", dir + "/"), context);
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        // Ansible's _original_basename: the template's own name, .j2 included
        assertEquals("hello\nWIBBLE\n" + dir + "/\nGoodbye\n", Files.readString(dir.resolve("main.j2")));
        // an included file's last newline is dropped, as Jinja2's loader does (keep_trailing_newline off)
        Files.writeString(resources.resolve("templates/item.j2"), "{{ i }}\n");
        Files.writeString(resources.resolve("templates/loop.j2"), "{% for i in [1, 2] %}\n{% include 'item.j2' %}\n\n{% endfor %}\n");
        run("template", Map.of("src", "loop.j2", "dest", dir.resolve("loop").toString()), context);
        assertEquals("1\n2\n", Files.readString(dir.resolve("loop")));
    }

    @Test
    void templateNewlinesEncodingAndPreservedMode(@TempDir Path resources) throws Exception {
        Files.createDirectories(resources.resolve("templates"));
        Path template = Files.writeString(resources.resolve("templates/t.j2"), "BEGIN\n{{ v }}\nEND\n");
        Files.setPosixFilePermissions(template, PosixFilePermissions.fromString("r-xr--rwx"));
        TaskContext context = Contexts.of(false, false, Map.of("v", "x"), resources);
        Path dest = dir.resolve("dos.txt");
        TaskResult r = run("template", Map.of("src", "t.j2", "dest", dest.toString(), "newline_sequence", "\\r\\n",
                "output_encoding", "", "mode", "preserve"), context);
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals("BEGIN\r\nx\r\nEND\r\n", Files.readString(dest));
        assertEquals("r-xr--rwx", PosixFilePermissions.toString(Files.getPosixFilePermissions(dest)));
        assertEquals("0547", r.data().get("mode"));
    }

    @Test
    void copyWritesADictAsJson() throws Exception {
        Path dest = dir.resolve("j");
        Map<String, Object> content = new java.util.LinkedHashMap<>();
        content.put("foo", "bar");
        content.put("n", 1L);
        TaskResult r = run("copy", Map.of("content", content, "dest", dest.toString()), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals("{\"foo\": \"bar\", \"n\": 1}", Files.readString(dest));
    }

    @Test
    void contentCutShortInTransitIsNeverRenamedIntoPlace() throws Exception {
        Path dest = dir.resolve("big.bin");
        Files.writeString(dest, "previous\n");
        byte[] content = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(content);
        dev.muster.module.RemoteAction action = (dev.muster.module.RemoteAction) plan("copy",
                Map.of("content", new String(content, java.nio.charset.StandardCharsets.ISO_8859_1), "dest", dest.toString()), Contexts.normal());
        byte[] cut = java.util.Arrays.copyOf(action.stdin(), action.stdin().length / 2);
        LocalSh sh = new LocalSh(dir);
        TaskResult r = action.interpret().apply(sh.exec(action.script(), cut));
        assertEquals(TaskResult.Status.FAILED, r.status());
        assertTrue(r.message().contains("arrived incomplete"), r.message());
        assertEquals("previous\n", Files.readString(dest));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".muster")), "no temporary file left");
        }
        assertEquals(TaskResult.Status.CHANGED, sh.run(action).status());
        assertEquals(action.stdin().length, Files.size(dest));
    }

    @Test
    void aControllerThatDiesMidTransferLeavesNoTemporaryFile() throws Exception {
        Path dest = dir.resolve("big.bin");
        byte[] content = new byte[512 * 1024];
        new java.util.Random(3).nextBytes(content);
        dev.muster.module.RemoteAction action = (dev.muster.module.RemoteAction) plan("copy",
                Map.of("content", new String(content, java.nio.charset.StandardCharsets.ISO_8859_1), "dest", dest.toString()), Contexts.normal());
        // The "controller": sends half the content, closes the script's stdout (as a dropped connection does), goes away.
        Process p = new ProcessBuilder("/bin/sh", "-c", action.script()).directory(dir.toFile()).start();
        p.getInputStream().close();
        try (java.io.OutputStream in = p.getOutputStream()) {
            in.write(action.stdin(), 0, action.stdin().length / 2);
        }
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(141, p.exitValue(), "ended by the SIGPIPE handler, not killed by the signal");
        assertFalse(Files.exists(dest));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".muster")), "no temporary file left");
        }
    }

    @Test
    void validateChecksTheNewContentBeforeItReplacesTheFile() throws Exception {
        Path dest = dir.resolve("sudoers");
        Files.writeString(dest, "ok 1\n");
        Map<String, Object> bad = Map.of("content", "broken\n", "dest", dest.toString(), "validate", "grep -q '^ok' %s");
        TaskResult refused = run("copy", bad, Contexts.normal());
        assertEquals(TaskResult.Status.FAILED, refused.status());
        assertEquals("failed to validate", refused.message(), "Ansible's words");
        assertEquals("ok 1\n", Files.readString(dest));
        Map<String, Object> good = Map.of("content", "ok 2\n", "dest", dest.toString(), "validate", "grep -q '^ok' %s");
        assertEquals(TaskResult.Status.CHANGED, run("copy", good, Contexts.normal()).status());
        assertEquals("ok 2\n", Files.readString(dest));
        TaskResult edit = new LocalSh(dir).run(plan("lineinfile", Map.of("path", dest.toString(), "line", "x", "insertbefore", "BOF",
                "validate", "cmp -s %s " + dest), Contexts.normal()));
        assertEquals(TaskResult.Status.FAILED, edit.status(), "a check that refuses any difference refuses the edit");
        assertEquals("ok 2\n", Files.readString(dest));
    }
}
