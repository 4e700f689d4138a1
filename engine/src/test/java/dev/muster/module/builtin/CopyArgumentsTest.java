package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.ArgumentException;
import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.template.TemplateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy's remote_src, follow, directory_mode and a directory src, run by sh on this machine. */
class CopyArgumentsTest {

    @TempDir
    Path dir;

    private TaskResult run(Map<String, Object> args, TaskContext context) {
        return new LocalSh(dir).run(plan("copy", args, context));
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Resources from {@code root}/files, found as the executor finds them (a directory too). */
    private static TaskContext withFiles(Path root, boolean check) {
        TaskContext.Resources resources = new TaskContext.Resources() {
            @Override
            public byte[] read(String kind, String src) {
                try {
                    return Files.readAllBytes(root.resolve(kind).resolve(src));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Path find(String kind, String src) {
                Path path = root.resolve(kind).resolve(src);
                return Files.exists(path) ? path : null;
            }
        };
        return new TaskContext("local", Map.of(), Map.of(), check, false, resources, TemplateFiles.renderer());
    }

    @Test
    void remoteSrcCopiesOnTheTargetOnceWithAnsiblesKeys() throws Exception {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "remote\n");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-------"));
        Map<String, Object> args = Map.of("src", src.toString(), "dest", dir.resolve("copy.txt").toString(), "remote_src", true);
        TaskResult first = run(args, Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, first.status(), first.message());
        assertEquals("remote\n", Files.readString(dir.resolve("copy.txt")));
        assertEquals("rw-r--r--", mode(dir.resolve("copy.txt")), "a new file gets the umask's mode, as Ansible's atomic_move gives it");
        assertEquals(ContentWriter.digest("SHA-1", "remote\n".getBytes()), first.data().get("checksum"));
        assertEquals(ContentWriter.digest("MD5", "remote\n".getBytes()), first.data().get("md5sum"));
        assertEquals(src.toString(), first.data().get("src"));
        assertEquals(Files.getLastModifiedTime(src).toMillis() / 1000, Files.getLastModifiedTime(dir.resolve("copy.txt")).toMillis() / 1000);
        TaskResult again = run(args, Contexts.normal());
        assertEquals(TaskResult.Status.OK, again.status(), again.message());
    }

    @Test
    void remoteSrcIntoANewDirectoryWithDirectoryModeAndNothingInCheckMode() throws Exception {
        Path src = dir.resolve("src.txt");
        Files.writeString(src, "x\n");
        Map<String, Object> args = Map.of("src", src.toString(), "dest", dir.resolve("a/b").toString() + "/", "remote_src", true,
                "directory_mode", "0750");
        TaskResult check = run(args, Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, check.status());
        assertEquals("dest directory " + dir.resolve("a/b") + " would be created", check.data().get("msg"));
        assertFalse(Files.exists(dir.resolve("a")));
        TaskResult r = run(args, Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals("x\n", Files.readString(dir.resolve("a/b/src.txt")));
        assertEquals("rwxr-x---", mode(dir.resolve("a")));
        assertEquals("rwxr-x---", mode(dir.resolve("a/b")));
    }

    @Test
    void remoteSrcRefusesWhatAnsibleRefuses() throws Exception {
        TaskResult missing = run(Map.of("src", dir.resolve("none").toString(), "dest", dir.resolve("d").toString(), "remote_src", true),
                Contexts.normal());
        assertEquals(TaskResult.Status.FAILED, missing.status());
        assertEquals("Source " + dir.resolve("none") + " not found", missing.message());
    }

    @Test
    void anEmptySrcAndContentIntoADirectoryFailInAnsiblesWords() throws Exception {
        dev.muster.module.ArgumentException empty = assertThrows(dev.muster.module.ArgumentException.class,
                () -> run(Map.of("src", "", "dest", dir.toString()), Contexts.normal()));
        assertTrue(empty.getMessage().contains("src (or content) is required"), empty.getMessage());
        TaskResult content = run(Map.of("content", "x", "dest", dir.toString()), Contexts.normal());
        assertEquals(TaskResult.Status.FAILED, content.status());
        assertEquals("can not use content with a dir as dest", content.message());
    }

    @Test
    void aVaultFileInsideASrcDirectoryIsRefused(@TempDir Path resources) throws Exception {
        Files.createDirectories(resources.resolve("files/tree"));
        Files.writeString(resources.resolve("files/tree/plain"), "x");
        Files.writeString(resources.resolve("files/tree/secret"), "$ANSIBLE_VAULT;1.1;AES256\n3031\n");
        TaskContext context = Contexts.of(false, false, Map.of(), resources);
        dev.muster.module.ArgumentException refused = assertThrows(dev.muster.module.ArgumentException.class,
                () -> run(Map.of("src", "tree", "dest", dir.toString()), context));
        assertTrue(refused.getMessage().endsWith("A vault password or secret must be specified to decrypt "
                + resources.resolve("files/tree/secret").toAbsolutePath()), refused.getMessage());
        assertFalse(Files.exists(dir.resolve("tree")));
    }

    @Test
    void remoteSrcDirectoryIsMergedAsAnsibleDoes() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(src.resolve("f"), "twelve\n");
        Files.setPosixFilePermissions(src.resolve("f"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(dir.resolve("src/link"), src.resolve("f"));
        // "src" without a slash: the directory itself goes inside dest; links followed with local_follow: true
        Map<String, Object> args = Map.of("src", dir.resolve("src").toString(), "dest", dir.resolve("d").toString(), "remote_src", true,
                "local_follow", true);
        TaskResult first = run(args, Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, first.status(), first.message());
        assertEquals("twelve\n", Files.readString(dir.resolve("d/src/sub/f")));
        assertEquals("rwx------", mode(dir.resolve("d/src/sub/f")));
        assertFalse(Files.isSymbolicLink(dir.resolve("d/src/link")));
        assertEquals(null, first.data().get("checksum"));
        assertEquals(TaskResult.Status.OK, run(args, Contexts.normal()).status(), "a second copy changes nothing");
        // without local_follow a link is kept as a link, but one whose file has the content already at dest leaves it
        // (Python's filecmp follows links)
        Map<String, Object> kept = Map.of("src", dir.resolve("src").toString(), "dest", dir.resolve("d").toString(), "remote_src", true);
        assertEquals(TaskResult.Status.OK, run(kept, Contexts.normal()).status());
        assertFalse(Files.isSymbolicLink(dir.resolve("d/src/link")));
        // "src/" without local_follow (the module's default is none): the contents, links kept as links; a changed file is
        // copied again
        Map<String, Object> contents = Map.of("src", dir.resolve("src") + "/", "dest", dir.resolve("e").toString(), "remote_src", true);
        assertEquals(TaskResult.Status.CHANGED, run(contents, Contexts.normal()).status());
        assertTrue(Files.isSymbolicLink(dir.resolve("e/link")));
        Files.writeString(src.resolve("f"), "changed\n");
        assertEquals(TaskResult.Status.CHANGED, run(contents, Contexts.check()).status());
        assertEquals("twelve\n", Files.readString(dir.resolve("e/sub/f")), "check mode copies nothing");
        assertEquals(TaskResult.Status.CHANGED, run(contents, Contexts.normal()).status());
        assertEquals("changed\n", Files.readString(dir.resolve("e/sub/f")));
    }

    @Test
    void aLinkAtDestIsReplacedOrFollowed() throws Exception {
        Path target = dir.resolve("target");
        Files.writeString(target, "same\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(dir.resolve("l1"), target);
        Files.createSymbolicLink(dir.resolve("l2"), target);
        TaskResult replaced = run(Map.of("content", "same\n", "dest", dir.resolve("l1").toString()), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, replaced.status(), "Ansible replaces a link even when the content is the same");
        assertFalse(Files.isSymbolicLink(dir.resolve("l1")));
        assertEquals("rw-r--r--", mode(dir.resolve("l1")));
        TaskResult followed = run(Map.of("content", "new\n", "dest", dir.resolve("l2").toString(), "follow", true), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, followed.status(), followed.message());
        assertTrue(Files.isSymbolicLink(dir.resolve("l2")));
        assertEquals("new\n", Files.readString(target));
        assertEquals("rw-------", mode(target));
    }

    @Test
    void aDirectorySrcCopiesItselfOrItsContentsIdempotently(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("files/conf/sub/empty"));
        Files.writeString(root.resolve("files/conf/a.txt"), "a\n");
        Files.writeString(root.resolve("files/conf/sub/b.txt"), "b\n");
        Files.createSymbolicLink(root.resolve("files/conf/sub/link"), Path.of("b.txt"));
        Map<String, Object> args = new HashMap<>(Map.of("src", "conf", "dest", dir.resolve("out").toString(), "directory_mode", "0700",
                "mode", "0600"));
        TaskResult check = run(args, withFiles(root, true));
        assertEquals(TaskResult.Status.CHANGED, check.status(), check.message());
        assertFalse(Files.exists(dir.resolve("out")));
        TaskResult first = run(args, withFiles(root, false));
        assertEquals(TaskResult.Status.CHANGED, first.status(), first.message());
        assertEquals("a\n", Files.readString(dir.resolve("out/conf/a.txt")));
        assertEquals("b\n", Files.readString(dir.resolve("out/conf/sub/link")), "local_follow (default) copies what a link points to");
        assertEquals("rw-------", mode(dir.resolve("out/conf/sub/b.txt")));
        assertEquals("rwx------", mode(dir.resolve("out/conf/sub")));
        assertTrue(Files.isDirectory(dir.resolve("out/conf/sub/empty")));
        assertEquals(dir.resolve("out") + "/", first.data().get("dest"));
        assertEquals(TaskResult.Status.OK, run(args, withFiles(root, false)).status());
        args.put("src", "conf/");
        args.put("local_follow", false);
        TaskResult contents = run(args, withFiles(root, false));
        assertEquals(TaskResult.Status.CHANGED, contents.status(), contents.message());
        assertEquals("a\n", Files.readString(dir.resolve("out/a.txt")));
        assertEquals(Path.of("b.txt"), Files.readSymbolicLink(dir.resolve("out/sub/link")));
        assertEquals(TaskResult.Status.OK, run(args, withFiles(root, false)).status());
    }

    @Test
    void aBadDirectoryModeIsRefusedBeforeAnyHost() {
        assertThrows(ArgumentException.class, () -> plan("copy", Map.of("content", "x", "dest", "/tmp/x", "directory_mode", "0999"),
                Contexts.normal()));
    }
}
