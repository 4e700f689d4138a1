package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.ArgumentException;
import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file's modification_time/access_time, follow and attributes, run by sh on this machine. */
class FileTimesAttributesTest {

    @TempDir
    Path dir;

    private TaskResult run(Map<String, Object> args, TaskContext context) {
        return new LocalSh(dir).run(plan("file", args, context));
    }

    @Test
    void strptimeReadsPythonsDirectives() {
        assertEquals(LocalDateTime.of(2020, 1, 2, 15, 30, 45), FileTimes.strptime("202001021530.45", "%Y%m%d%H%M.%S"));
        assertEquals(LocalDateTime.of(2021, 3, 4, 17, 6, 7), FileTimes.strptime("04/Mar/2021:05:06:07 PM", "%d/%b/%Y:%I:%M:%S %p"));
        assertEquals(LocalDateTime.of(1900, 1, 1, 9, 0, 0), FileTimes.strptime("9", "%H"));
        assertEquals(LocalDateTime.of(1999, 12, 31, 0, 0), FileTimes.strptime("99 December 31", "%y %B %d"));
        ArgumentException bad = assertThrows(ArgumentException.class, () -> FileTimes.strptime("2020-13-01", "%Y-%m-%d"));
        assertTrue(bad.getMessage().startsWith("Error while obtaining timestamp for time 2020-13-01 using format %Y-%m-%d: "), bad.getMessage());
        assertThrows(ArgumentException.class, () -> FileTimes.strptime("2020-01-01x", "%Y-%m-%d"));
        assertThrows(ArgumentException.class, () -> FileTimes.strptime("1", "%U"));
    }

    @Test
    void aGivenTimeChangesOnceNowAlwaysPreserveNever() throws Exception {
        Path f = dir.resolve("t");
        Map<String, Object> given = Map.of("path", f.toString(), "state", "touch", "modification_time", "202001021530.45",
                "access_time", "preserve");
        assertEquals(TaskResult.Status.CHANGED, run(given, Contexts.normal()).status());
        long expected = LocalDateTime.of(2020, 1, 2, 15, 30, 45).atZone(ZoneId.systemDefault()).toEpochSecond();
        assertEquals(expected * 1000, Files.getLastModifiedTime(f).toMillis());
        assertEquals(TaskResult.Status.OK, run(given, Contexts.normal()).status(), "the same time again is no change");
        assertEquals(TaskResult.Status.CHANGED, run(Map.of("path", f.toString(), "state", "touch"), Contexts.normal()).status(),
                "touch's default is now, always a change");
        assertEquals(TaskResult.Status.OK, run(Map.of("path", f.toString(), "state", "touch", "modification_time", "preserve",
                "access_time", "preserve"), Contexts.normal()).status());
        TaskResult check = run(Map.of("path", f.toString(), "modification_time", "199001010000.00"), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, check.status());
        assertTrue(Files.getLastModifiedTime(f).toMillis() > expected * 1000, "check mode sets no time");
        @SuppressWarnings("unchecked")
        Map<String, Object> diff = (Map<String, Object>) check.data().get("diff");
        long target = LocalDateTime.of(1990, 1, 1, 0, 0, 0).atZone(ZoneId.systemDefault()).toEpochSecond();
        assertEquals((double) target, ((Map<?, ?>) diff.get("after")).get("mtime"), "the time set, in Ansible's diff (check mode too)");
        assertEquals((double) Files.getLastModifiedTime(f).toMillis() / 1000, (Double) ((Map<?, ?>) diff.get("before")).get("mtime"), 0.001);
        assertEquals(null, ((Map<?, ?>) diff.get("after")).get("atime"), "atime preserved: not in the diff");
    }

    @Test
    void followActsOnTheLinksTarget() throws Exception {
        Path target = dir.resolve("target");
        Files.writeString(target, "t");
        Files.createSymbolicLink(dir.resolve("link"), target);
        TaskResult r = run(Map.of("path", dir.resolve("link").toString(), "mode", "0640"), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        // no state: the link stays a link (Ansible's default state is the current one), its target gets the mode
        assertEquals(dir.resolve("link").toString(), r.data().get("dest"));
        assertEquals(target.toString(), r.data().get("src"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        TaskResult refused = run(Map.of("path", dir.resolve("link").toString(), "state", "file", "follow", false), Contexts.normal());
        assertEquals(TaskResult.Status.FAILED, refused.status());
        assertEquals("file (" + dir.resolve("link") + ") is link, cannot continue", refused.message());
        assertTrue(Files.isSymbolicLink(dir.resolve("link")));
        assertTrue(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void attributesComparedAsLsattrPrintsThem() throws Exception {
        Path f = dir.resolve("a");
        Files.writeString(f, "x");
        TaskResult added = run(Map.of("path", f.toString(), "attributes", "+A"), Contexts.normal());
        if (added.status() == TaskResult.Status.FAILED) {
            // a file system without chattr flags (tmpfs): Ansible fails the same way
            assertEquals("chattr failed", added.message());
            return;
        }
        assertEquals(TaskResult.Status.CHANGED, added.status(), added.message());
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) ((Map<String, Object>) added.data().get("diff")).get("after");
        assertEquals("+A", after.get("attributes"));
        assertEquals(TaskResult.Status.CHANGED, run(Map.of("path", f.toString(), "attributes", "-A"), Contexts.normal()).status(),
                "removing is always a change, as in Ansible");
        assertThrows(ArgumentException.class, () -> plan("file", Map.of("path", f.toString(), "attributes", "+A;rm"), Contexts.normal()));
        assertThrows(ArgumentException.class, () -> plan("file", Map.of("path", f.toString(), "src", "x", "state", "link",
                "modification_time", "now"), Contexts.normal()));
    }
}
