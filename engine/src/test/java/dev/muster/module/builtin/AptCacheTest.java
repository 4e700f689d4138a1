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
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * apt's update_cache as Ansible judges it, run by sh against a private /var/lib/apt (the script's path is pointed
 * into the sandbox) and a fake apt-get that does what the real one does to it: renames fresh lists into lists/
 * (which moves the directory's mtime) only when the mirror has something new.
 */
class AptCacheTest {

    @TempDir
    Path dir;
    private Path state;
    private Path lists;
    private Path calls;

    @BeforeEach
    void fakeApt() throws Exception {
        state = Files.createDirectories(dir.resolve("apt-state"));
        lists = Files.createDirectories(state.resolve("lists"));
        calls = dir.resolve("apt-get.calls");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path aptGet = bin.resolve("apt-get");
        // "fresh" in the sandbox says the mirror has new lists: they are renamed in, as apt does
        Files.writeString(aptGet, "#!/bin/sh\necho \"$*\" >> " + calls + "\n"
                + "if [ -e " + dir.resolve("fresh") + " ]; then echo new > " + lists.resolve("partial-list") + " && mv "
                + lists.resolve("partial-list") + " " + lists.resolve("deb.debian.org_Packages") + "; fi\n");
        Files.setPosixFilePermissions(aptGet, PosixFilePermissions.fromString("rwxr-xr-x"));
        aged(lists, 2);
    }

    private static void aged(Path path, int hours) throws Exception {
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(hours, ChronoUnit.HOURS)));
    }

    private TaskResult run(Map<String, Object> args, TaskContext context) {
        LocalSh sh = new LocalSh(dir, dir.resolve("bin").toString(), script -> script.replace(AptModule.APT_STATE, state.toString()));
        return sh.run(plan("apt", args, context));
    }

    private int updates() throws Exception {
        return Files.exists(calls) ? (int) Files.readAllLines(calls).stream().filter(l -> l.contains("update")).count() : 0;
    }

    @Test
    void anUpdateThatBringsNewListsIsChanged() throws Exception {
        Files.createFile(dir.resolve("fresh"));
        TaskResult r = run(Map.of("update_cache", true), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertEquals(true, r.data().get("cache_updated"));
        assertEquals(Files.getLastModifiedTime(lists).toInstant().getEpochSecond(), r.data().get("cache_update_time"));
        assertEquals(1, updates());
    }

    @Test
    void anUpdateThatFindsNothingNewIsOk() throws Exception {
        TaskResult r = run(Map.of("update_cache", true), Contexts.normal());
        assertEquals(TaskResult.Status.OK, r.status(), r.message());
        assertEquals(false, r.data().get("cache_updated"));
        assertEquals(1, updates(), "the update still ran");
    }

    @Test
    void theSuccessStampWinsOverTheListsDirectory() throws Exception {
        Path stamp = Files.createFile(Files.createDirectories(state.resolve("periodic")).resolve("update-success-stamp"));
        // lists are two hours old, the stamp says a minute: within an hour, no update
        aged(stamp, 0);
        TaskResult fresh = run(Map.of("update_cache", true, "cache_valid_time", 3600), Contexts.normal());
        assertEquals(TaskResult.Status.OK, fresh.status(), fresh.message());
        assertEquals(0, updates());
        // a stamp older than the valid time: updated, and the stamp (which apt's hook would move) decides
        aged(stamp, 3);
        Files.createFile(dir.resolve("fresh"));
        TaskResult old = run(Map.of("update_cache", true, "cache_valid_time", 3600), Contexts.normal());
        assertEquals(1, updates());
        assertEquals(TaskResult.Status.OK, old.status(), "the stamp did not move (no hook here), so nothing counts as updated");
    }

    @Test
    void cacheValidTimeJudgesTheListsAgeAndAloneAsksForAnUpdate() throws Exception {
        TaskResult young = run(Map.of("cache_valid_time", 3 * 3600), Contexts.normal());
        assertEquals(TaskResult.Status.OK, young.status(), young.message());
        assertEquals(0, updates(), "two hours old lists are valid for three");
        Files.createFile(dir.resolve("fresh"));
        TaskResult old = run(Map.of("cache_valid_time", 3600), Contexts.normal());
        assertEquals(TaskResult.Status.CHANGED, old.status(), old.message());
        assertEquals(1, updates());
    }

    @Test
    void checkModeReportsAnUpdateAndRunsNone() throws Exception {
        TaskResult r = run(Map.of("update_cache", true), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertTrue((Boolean) r.data().get("cache_updated"));
        assertEquals(0, updates());
        assertFalse(Files.exists(lists.resolve("deb.debian.org_Packages")));
    }

    /**
     * A package apt knows nothing of fails, in check mode too, with Ansible's message; one it knows (a virtual one
     * included) is reported as it would be installed. Check mode used to report "installed" for any name.
     */
    @Test
    void aPackageAptDoesNotKnowFailsAlsoInCheckMode() throws Exception {
        Path aptCache = dir.resolve("bin/apt-cache");
        Files.writeString(aptCache, "#!/bin/sh\n[ \"$2\" = muster-known-pkg ] && printf 'Package: %s\\nVersions:\\n' \"$2\"\nexit 0\n");
        Files.setPosixFilePermissions(aptCache, PosixFilePermissions.fromString("rwxr-xr-x"));
        TaskResult unknown = run(Map.of("name", "muster-no-such-pkg", "state", "present"), Contexts.check());
        assertEquals(TaskResult.Status.FAILED, unknown.status(), unknown.message());
        assertTrue(unknown.message().contains("No package matching 'muster-no-such-pkg' is available"), unknown.message());
        TaskResult known = run(Map.of("name", "muster-known-pkg=1.0", "state", "present"), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, known.status(), known.message());
        assertEquals(0, updates(), "nothing ran apt-get");
    }
}
