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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apt, service, user and group, run for real with local sh without altering this machine. */
class SystemModulesTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Object args, TaskContext context) {
        return new LocalSh(dir).run(plan(module, args, context));
    }

    @Test
    void aptQueriesDpkgAndChangesNothingWhenInstalled() {
        TaskResult installed = run("apt", Map.of("name", List.of("dash", "coreutils")), Contexts.normal());
        assertEquals(TaskResult.Status.OK, installed.status(), installed.message());
        // a package apt does not know fails as in Ansible, check mode included (it was reported "installed")
        TaskResult missing = run("apt", Map.of("name", "muster-no-such-package"), Contexts.check());
        assertEquals(TaskResult.Status.FAILED, missing.status(), missing.message());
        assertTrue(missing.message().contains("No package matching 'muster-no-such-package' is available"), missing.message());
        TaskResult remove = run("apt", Map.of("name", "dash", "state", "absent"), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, remove.status());
        assertEquals(TaskResult.Status.OK, run("apt", Map.of("name", "muster-no-such-package", "state", "absent"), Contexts.normal()).status());
    }

    @Test
    void aptRepoInCheckModeWritesNothing() {
        TaskResult r = run("apt", Map.of("repo", "deb [trusted=yes] file:/opt/repo ./", "repo_filename", "muster-test-repo"), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertFalse(Files.exists(Path.of("/etc/apt/sources.list.d/muster-test-repo.list")));
    }

    @Test
    void aptReadsADebFilesNameAndVersion() throws Exception {
        Path root = Files.createDirectories(dir.resolve("pkg/DEBIAN"));
        Files.writeString(root.resolve("control"), "Package: muster-test-deb\nVersion: 1.2-3\nArchitecture: all\n"
                + "Maintainer: Muster <muster@example.org>\nDescription: test package\n");
        Process build = new ProcessBuilder("dpkg-deb", "--build", dir.resolve("pkg").toString(), dir.resolve("t.deb").toString())
                .redirectErrorStream(true).start();
        assertEquals(0, build.waitFor(), new String(build.getInputStream().readAllBytes()));
        TaskResult r = run("apt", Map.of("deb", dir.resolve("t.deb").toString()), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, r.status(), r.message());
        assertTrue(r.message().contains("muster-test-deb 1.2-3"), r.message());
        assertEquals(TaskResult.Status.FAILED, run("apt", Map.of("deb", dir.resolve("none.deb").toString()), Contexts.check()).status());
    }

    @Test
    void aptRejectsWhatIsNotAPackageName() {
        assertThrows(ArgumentException.class, () -> plan("apt", Map.of("name", "nginx; rm -rf /"), Contexts.normal()));
        assertThrows(ArgumentException.class, () -> plan("apt", Map.of("name", "-o=APT::x"), Contexts.normal()));
        assertThrows(ArgumentException.class, () -> plan("apt", Map.of("repo", "deb x\ndeb y"), Contexts.normal()));
    }

    /** A fake systemctl keeping its unit state in files, so the systemd branch runs for real. */
    private LocalSh systemd() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path state = Files.createDirectories(dir.resolve("units"));
        Files.createDirectories(dir.resolve("run-systemd"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/sh
                S=%s
                echo "$*" >> "$S/log"
                for a; do n=$a; done
                case $1 in
                  cat) [ "$n" = demo ] ;;
                  is-active) [ -e "$S/$n.active" ] ;;
                  is-enabled) [ -e "$S/$n.enabled" ] ;;
                  start|restart|reload) touch "$S/$n.active" ;;
                  stop) rm -f "$S/$n.active" ;;
                  enable) touch "$S/$n.enabled" ;;
                  disable) rm -f "$S/$n.enabled" ;;
                  daemon-reload) ;;
                  *) exit 1 ;;
                esac
                """.formatted(state));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        String fakeDir = dir.resolve("run-systemd").toString();
        return new LocalSh(dir, bin.toString(), s -> s.replace(ServiceModule.SYSTEMD_DIR, fakeDir));
    }

    @Test
    void serviceWithSystemdIsIdempotentAndCheckModeChangesNothing() throws Exception {
        LocalSh sh = systemd();
        Map<String, Object> up = Map.of("name", "demo", "state", "started", "enabled", true);
        assertEquals(TaskResult.Status.CHANGED, sh.run(plan("service", up, Contexts.check())).status());
        assertFalse(Files.exists(dir.resolve("units/demo.active")));
        TaskResult first = sh.run(plan("service", up, Contexts.normal()));
        assertEquals(TaskResult.Status.CHANGED, first.status(), first.message());
        assertEquals("started", first.data().get("state"));
        assertTrue(Files.exists(dir.resolve("units/demo.enabled")));
        assertEquals(TaskResult.Status.OK, sh.run(plan("service", up, Contexts.normal())).status());
        assertEquals(TaskResult.Status.CHANGED, sh.run(plan("service", Map.of("name", "demo", "state", "stopped"), Contexts.normal())).status());
        assertFalse(Files.exists(dir.resolve("units/demo.active")));
        TaskResult unknown = sh.run(plan("service", Map.of("name", "nosuch", "state", "started"), Contexts.normal()));
        assertEquals(TaskResult.Status.FAILED, unknown.status());
        assertTrue(unknown.message().contains("could not find"), unknown.message());
    }

    @Test
    void serviceFallsBackToInitScripts() throws Exception {
        Path init = Files.createDirectories(dir.resolve("init.d"));
        Path script = init.resolve("demo");
        Files.writeString(script, """
                #!/bin/sh
                case $1 in
                  status) [ -e %1$s/demo.pid ] ;;
                  start) touch %1$s/demo.pid ;;
                  stop) rm -f %1$s/demo.pid ;;
                esac
                """.formatted(dir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        LocalSh sh = new LocalSh(dir, null, s -> s.replace(ServiceModule.SYSTEMD_DIR, dir.resolve("none").toString())
                .replace(ServiceModule.INIT_DIR, init + "/"));
        assertEquals(TaskResult.Status.CHANGED, sh.run(plan("service", Map.of("name", "demo", "state", "started"), Contexts.normal())).status());
        assertTrue(Files.exists(dir.resolve("demo.pid")));
        assertEquals(TaskResult.Status.OK, sh.run(plan("service", Map.of("name", "demo", "state", "started"), Contexts.normal())).status());
    }

    @Test
    void userAndGroupCompareWithGetentAndCheckModeCreatesNothing() throws Exception {
        String shell = Files.readAllLines(Path.of("/etc/passwd")).stream().filter(l -> l.startsWith("root:")).findFirst().orElseThrow().split(":")[6];
        TaskResult same = run("user", Map.of("name", "root", "uid", 0, "shell", shell, "group", "root"), Contexts.normal());
        assertEquals(TaskResult.Status.OK, same.status(), same.message());
        assertEquals(0, same.data().get("uid"));
        TaskResult other = run("user", Map.of("name", "root", "shell", "/bin/muster-nosuch-shell"), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, other.status());
        assertTrue(Files.readString(Path.of("/etc/passwd")).contains("root:x:0:0:") && !Files.readString(Path.of("/etc/passwd")).contains("muster-nosuch-shell"));
        TaskResult create = run("user", Map.of("name", "musternosuchuser", "groups", List.of("musternosuchgroup")), Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, create.status());
        assertFalse(Files.readString(Path.of("/etc/passwd")).contains("musternosuchuser"));
        assertEquals(TaskResult.Status.OK, run("group", Map.of("name", "root", "gid", 0), Contexts.normal()).status());
        assertEquals(TaskResult.Status.CHANGED, run("group", Map.of("name", "musternosuchgroup"), Contexts.check()).status());
        assertEquals(TaskResult.Status.OK, run("user", Map.of("name", "musternosuchuser", "state", "absent"), Contexts.normal()).status());
        // Ansible's force (userdel --force), as roles' cleanup handlers pass it
        assertEquals(TaskResult.Status.OK, run("user", Map.of("name", "musternosuchuser", "state", "absent", "remove", true, "force", true),
                Contexts.normal()).status());
        assertThrows(ArgumentException.class, () -> plan("user", Map.of("name", "bad name"), Contexts.normal()));
    }

    /** A systemctl that keeps units as files: NAME.active, NAME.enabled, NAME.masked under units/; only "demo" exists. */
    private LocalSh fakeSystemctl() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("sbin"));
        Path state = Files.createDirectories(dir.resolve("units"));
        Path systemctl = bin.resolve("systemctl");
        Files.writeString(systemctl, """
                #!/bin/sh
                S=%s
                echo "$*" >> "$S/log"
                while [ "${1#-}" != "$1" ]; do shift; done
                cmd=$1; shift
                for a; do n=$a; done
                case $cmd in
                  show) if [ "$n" = demo ]; then echo LoadState=loaded; else echo LoadState=not-found; fi
                        if [ -e "$S/$n.active" ]; then echo ActiveState=active; else echo ActiveState=inactive; fi
                        echo "ExecStart={ path=/bin/demo ; argv[]=/bin/demo -x=1 }" ;;
                  is-enabled) if [ -e "$S/$n.masked" ]; then echo masked; exit 1; fi
                              if [ -e "$S/$n.enabled" ]; then echo enabled; else echo disabled; exit 1; fi ;;
                  start|restart|reload) [ "$n" = demo ] || exit 5; touch "$S/$n.active" ;;
                  stop) rm -f "$S/$n.active" ;;
                  enable) touch "$S/$n.enabled" ;;
                  disable) rm -f "$S/$n.enabled" ;;
                  mask) touch "$S/$n.masked" ;;
                  unmask) rm -f "$S/$n.masked" ;;
                  daemon-reload) ;;
                  *) exit 1 ;;
                esac
                """.formatted(state));
        Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new LocalSh(dir, bin.toString(), s -> s);
    }

    @Test
    void systemdIsAnsiblesModuleStatusEnabledStateAndDaemonReloadAlone() throws Exception {
        LocalSh sh = fakeSystemctl();
        Map<String, Object> up = Map.of("name", "demo", "state", "started", "enabled", true);
        assertEquals(TaskResult.Status.CHANGED, sh.run(plan("systemd", up, Contexts.check())).status());
        assertFalse(Files.exists(dir.resolve("units/demo.active")));
        TaskResult first = sh.run(plan("systemd_service", up, Contexts.normal()));
        assertEquals(TaskResult.Status.CHANGED, first.status(), first.message());
        assertEquals("started", first.data().get("state"));
        assertEquals(true, first.data().get("enabled"));
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) first.data().get("status");
        assertEquals("inactive", status.get("ActiveState"), "the properties before the change, as Ansible registers them");
        assertEquals("{ path=/bin/demo ; argv[]=/bin/demo -x=1 }", status.get("ExecStart"));
        assertEquals(TaskResult.Status.OK, sh.run(plan("systemd", up, Contexts.normal())).status());
        TaskResult restarted = sh.run(plan("systemd", Map.of("name", "demo", "state", "restarted"), Contexts.normal()));
        assertEquals(TaskResult.Status.CHANGED, restarted.status());
        assertEquals("started", restarted.data().get("state"));
        assertTrue(Files.readString(dir.resolve("units/log")).contains("restart -- demo"));
        TaskResult masked = sh.run(plan("systemd", Map.of("name", "demo", "masked", true), Contexts.normal()));
        assertEquals(TaskResult.Status.CHANGED, masked.status());
        assertEquals(TaskResult.Status.OK, sh.run(plan("systemd", Map.of("name", "demo", "masked", true), Contexts.normal())).status());
        assertEquals(TaskResult.Status.OK, sh.run(plan("systemd", Map.of("daemon_reload", true), Contexts.normal())).status());
        TaskResult missing = sh.run(plan("systemd", Map.of("name", "nosuch", "state", "started"), Contexts.normal()));
        assertEquals("Could not find the requested service nosuch: host", missing.message());
    }

    @Test
    void systemdRefusesUserScopeAndANameless() {
        assertThrows(ArgumentException.class, () -> plan("systemd", Map.of("name", "demo", "state", "started", "scope", "user"), Contexts.normal()));
        assertThrows(ArgumentException.class, () -> plan("systemd", Map.of("state", "started"), Contexts.normal()));
        assertThrows(ArgumentException.class, () -> plan("systemd", Map.of("name", "demo*", "state", "started"), Contexts.normal()));
    }
}
