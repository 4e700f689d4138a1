package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registered results of copy, file, stat and command with Ansible's keys and values (issue 16). */
class ModuleResultsTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Object args) {
        return new LocalSh(dir).run(plan(module, args, Contexts.normal()));
    }

    @Test
    void copyReportsSha1Md5AndThePathInformation() throws Exception {
        Path dest = dir.resolve("a.txt");
        Map<String, Object> args = Map.of("content", "abc", "dest", dest.toString(), "mode", "0640");
        Map<String, Object> written = run("copy", args).data();
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", written.get("checksum"));
        assertEquals("900150983cd24fb0d6963f7d28e17f72", written.get("md5sum"));
        assertEquals(dest.toString(), written.get("dest"));
        assertEquals("0640", written.get("mode"));
        assertEquals("file", written.get("state"));
        assertEquals(3L, written.get("size"));
        assertEquals(System.getProperty("user.name"), written.get("owner"));
        assertFalse(written.containsKey("path"), "a written file is the copy module's result");
        Map<String, Object> again = run("copy", args).data();
        assertEquals(dest.toString(), again.get("path"));
        assertFalse(again.containsKey("md5sum"), "an unchanged file is the file module's result, without md5sum");
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", again.get("checksum"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void fileReportsItsDiffAndWhatARemovedDirectoryHeld() throws Exception {
        Path d = dir.resolve("d");
        Map<String, Object> made = run("file", Map.of("path", d.toString(), "state", "directory", "mode", "0750")).data();
        assertEquals("directory", made.get("state"));
        assertEquals("0750", made.get("mode"));
        Map<String, Object> diff = (Map<String, Object>) made.get("diff");
        assertEquals("absent", ((Map<String, Object>) diff.get("before")).get("state"));
        assertEquals("directory", ((Map<String, Object>) diff.get("after")).get("state"));
        Files.writeString(d.resolve("f"), "x");
        Map<String, Object> removed = run("file", Map.of("path", d.toString(), "state", "absent")).data();
        Map<String, Object> before = (Map<String, Object>) ((Map<String, Object>) removed.get("diff")).get("before");
        assertEquals(Map.of("directories", List.of(), "files", List.of(d.resolve("f").toString())), before.get("path_content"));
        Files.writeString(dir.resolve("t"), "x");
        Map<String, Object> link = run("file", Map.of("path", dir.resolve("l").toString(), "src", "t", "state", "link")).data();
        assertEquals(dir.resolve("l").toString(), link.get("dest"));
        assertEquals("t", link.get("src"));
        assertEquals("link", link.get("state"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void statGivesAnsiblesWholeDictionary() throws Exception {
        Path f = dir.resolve("s.txt");
        Files.writeString(f, "abc\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Map<String, Object> stat = (Map<String, Object>) run("stat", Map.of("path", f.toString(), "checksum_algorithm", "sha256", "get_md5", true)).data().get("stat");
        for (String key : List.of("wusr", "rusr", "rgrp")) {
            assertEquals(true, stat.get(key), key);
        }
        for (String key : List.of("xusr", "wgrp", "xgrp", "woth", "roth", "xoth", "isuid", "isgid")) {
            assertEquals(false, stat.get(key), key);
        }
        assertEquals("edeaaff3f1774ad2888673770c6d64097e391bc362d7d6fb34982ddf0efd18cb", stat.get("checksum"));
        assertEquals("0bee89b07a248e27c83fc3d5951213c1", stat.get("md5"));
        assertEquals("text/plain", stat.get("mimetype"));
        assertEquals("us-ascii", stat.get("charset"));
        assertTrue(stat.get("mtime") instanceof Double);
        assertTrue(stat.containsKey("attributes") && stat.containsKey("block_size") && stat.containsKey("device_type"));
        Map<String, Object> missing = (Map<String, Object>) run("stat", Map.of("path", dir.resolve("none").toString())).data().get("stat");
        assertEquals(Map.of("exists", false), missing);
    }

    @Test
    void commandShowsWordsAndPythonTimes() {
        Map<String, Object> words = run("command", Map.of("cmd", "printf '%s\\n' 'a b' c")).data();
        assertEquals(List.of("printf", "%s\\n", "a b", "c"), words.get("cmd"));
        assertEquals("", words.get("msg"));
        assertTrue(String.valueOf(words.get("delta")).matches("\\d+:\\d\\d:\\d\\d(\\.\\d{6})?"), String.valueOf(words.get("delta")));
        assertTrue(String.valueOf(words.get("start")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?"));
        Map<String, Object> kept = run("shell", Map.of("cmd", "printf 'a\\n\\n'", "strip_empty_ends", false)).data();
        assertEquals("a\n\n", kept.get("stdout"));
        Map<String, Object> guarded = run("command", Map.of("cmd", "true", "creates", dir.toString())).data();
        assertNull(guarded.get("delta"));
    }

    @Test
    void chdirIsThePhysicalDirectory() throws Exception {
        Files.createDirectory(dir.resolve("real"));
        Files.createSymbolicLink(dir.resolve("via"), dir.resolve("real"));
        Map<String, Object> pwd = run("shell", Map.of("cmd", "pwd; echo \"$PWD\"", "chdir", dir.resolve("via").toString())).data();
        String real = dir.resolve("real").toRealPath().toString();
        assertEquals(real + "\n" + real, pwd.get("stdout"));
    }

    @Test
    void pythonFormatsOfTimes() {
        assertEquals("2026-12-02 10:52:14.003400", CommandRunner.pythonTime(LocalDateTime.of(2026, 12, 2, 10, 52, 14, 3_400_000)));
        assertEquals("2026-12-02 10:52:14", CommandRunner.pythonTime(LocalDateTime.of(2026, 12, 2, 10, 52, 14)));
        assertEquals("0:00:00.003456", CommandRunner.pythonDelta(Duration.ofNanos(3_456_000)));
        assertEquals("1 day, 1:01:01", CommandRunner.pythonDelta(Duration.ofSeconds(90061)));
    }
}
