package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineBlockInFileTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Map<String, Object> args, TaskContext context) {
        return new LocalSh(dir).run(plan(module, args, context));
    }

    private TaskResult run(String module, Map<String, Object> args) {
        return run(module, args, Contexts.normal());
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void regexpReplacesTheLastMatchOnceThenIsOk() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "Port 22\n#PermitRootLogin yes\nPermitRootLogin yes\nUsePAM yes\n");
        Map<String, Object> a = args("path", f.toString(), "regexp", "^#?PermitRootLogin ", "line", "PermitRootLogin no");
        TaskResult check = run("lineinfile", a, Contexts.check());
        assertEquals(TaskResult.Status.CHANGED, check.status());
        assertTrue(Files.readString(f).contains("PermitRootLogin yes\nUsePAM"), "check mode changed nothing");
        assertEquals(TaskResult.Status.CHANGED, run("lineinfile", a).status());
        assertEquals("Port 22\n#PermitRootLogin yes\nPermitRootLogin no\nUsePAM yes\n", Files.readString(f));
        assertEquals(TaskResult.Status.OK, run("lineinfile", a).status());
    }

    @Test
    void insertAfterAndBeforeAndBofAndDiff() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "127.0.0.1 localhost\n# end\n");
        run("lineinfile", args("path", f.toString(), "line", "10.0.0.1 a", "insertafter", "^127\\."));
        run("lineinfile", args("path", f.toString(), "line", "10.0.0.2 b", "insertbefore", "^# end"));
        TaskResult top = run("lineinfile", args("path", f.toString(), "line", "# top", "insertbefore", "BOF"), Contexts.diff());
        assertEquals("# top\n127.0.0.1 localhost\n10.0.0.1 a\n10.0.0.2 b\n# end\n", Files.readString(f));
        assertNotNull(top.diff());
        assertEquals("127.0.0.1 localhost\n10.0.0.1 a\n10.0.0.2 b\n# end\n", top.diff().before());
        assertEquals(Files.readString(f), top.diff().after());
        assertEquals(TaskResult.Status.OK, run("lineinfile", args("path", f.toString(), "line", "10.0.0.1 a")).status());
    }

    @Test
    void absentRemovesMatchesAndCreateMakesTheFile() throws Exception {
        Path f = dir.resolve("new/conf");
        assertEquals(TaskResult.Status.FAILED, run("lineinfile", args("path", f.toString(), "line", "x=1")).status());
        assertEquals(TaskResult.Status.CHANGED, run("lineinfile", args("path", f.toString(), "line", "x=1", "create", true, "mode", "0600")).status());
        assertEquals("x=1\n", Files.readString(f));
        assertEquals(TaskResult.Status.CHANGED, run("lineinfile", args("path", f.toString(), "regexp", "^x=", "state", "absent")).status());
        assertEquals("", Files.readString(f));
        assertEquals(TaskResult.Status.OK, run("lineinfile", args("path", f.toString(), "regexp", "^x=", "state", "absent")).status());
        assertEquals(TaskResult.Status.OK, run("lineinfile", args("path", dir.resolve("none").toString(), "line", "a", "state", "absent")).status());
    }

    @Test
    void blockIsInsertedReplacedAndRemoved() throws Exception {
        Path f = dir.resolve("pg_hba.conf");
        Files.writeString(f, "local all all peer\n");
        Map<String, Object> a = args("path", f.toString(), "block", "host all all 10.0.0.0/24 scram-sha-256\nhost all all 10.0.1.0/24 scram-sha-256\n");
        assertEquals(TaskResult.Status.CHANGED, run("blockinfile", a).status());
        assertEquals("local all all peer\n# BEGIN ANSIBLE MANAGED BLOCK\nhost all all 10.0.0.0/24 scram-sha-256\n"
                + "host all all 10.0.1.0/24 scram-sha-256\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        assertEquals(TaskResult.Status.OK, run("blockinfile", a).status());
        assertEquals(TaskResult.Status.CHANGED, run("blockinfile", args("path", f.toString(), "block", "host all all 0.0.0.0/0 reject")).status());
        assertTrue(Files.readString(f).contains("BLOCK\nhost all all 0.0.0.0/0 reject\n# END"));
        assertEquals(TaskResult.Status.CHANGED, run("blockinfile", args("path", f.toString(), "state", "absent")).status());
        assertEquals("local all all peer\n", Files.readString(f));
        assertFalse(run("blockinfile", args("path", f.toString(), "state", "absent")).changed());
    }

    @Test
    void blockInsertBeforeBof() throws Exception {
        Path f = dir.resolve("b");
        Files.writeString(f, "a\n");
        run("blockinfile", args("path", f.toString(), "block", "x", "insertbefore", "BOF", "marker", "## {mark}"));
        assertEquals("## BEGIN\nx\n## END\na\n", Files.readString(f));
    }

    /**
     * A no-op edit must cost the target one awk and one stat: a mktemp or rm, or a stat per
     * attribute, would cost a millisecond each on every host. The logging wrappers first in PATH
     * record every call of those commands; the changing run proves they are really used.
     */
    @Test
    void aNoOpEditRunsNoTempFileCommandsAndOneStat() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("calls.log");
        for (String tool : new String[] {"mktemp", "rm", "stat", "awk"}) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\necho " + tool + " >> '" + log + "'\nPATH=/usr/bin:/bin exec " + tool + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        LocalSh sh = new LocalSh(dir, bin.toString(), s -> s);
        Path f = dir.resolve("conf");
        Files.writeString(f, "a=1\n# BEGIN ANSIBLE MANAGED BLOCK\nb=2\n# END ANSIBLE MANAGED BLOCK\n");
        Map<String, Object> line = args("path", f.toString(), "regexp", "^a=", "line", "a=1", "mode", "0644",
                "owner", System.getProperty("user.name"), "group", Files.readAttributes(f, PosixFileAttributes.class).group().getName());
        Map<String, Object> block = args("path", f.toString(), "block", "b=2\n", "mode", "0644");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(TaskResult.Status.OK, sh.run(plan("lineinfile", line, Contexts.normal())).status());
        assertEquals(TaskResult.Status.OK, sh.run(plan("blockinfile", block, Contexts.normal())).status());
        assertEquals("awk\nstat\nawk\nstat\n", Files.readString(log));
        Files.delete(log);
        assertEquals(TaskResult.Status.CHANGED, sh.run(plan("lineinfile", args("path", f.toString(), "regexp", "^a=", "line", "a=2"), Contexts.normal())).status());
        assertEquals("a=2\n# BEGIN ANSIBLE MANAGED BLOCK\nb=2\n# END ANSIBLE MANAGED BLOCK\n", Files.readString(f));
        assertTrue(Files.readString(log).startsWith("awk\nmktemp\nawk\n"), Files.readString(log));
    }

    @Test
    void backrefsReplacesTheLastMatchWithItsExpansionAndNoMatchChangesNothing() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "# port=1\nport=80 # web\nhost=a\nport=81 # api\nREF x REF\n");
        Map<String, Object> a = args("path", f.toString(), "regexp", "^port=(\\d+) # (?P<what>\\w+)$", "line",
                "port=\\g<1>0 & \\g<what>", "backrefs", true);
        TaskResult r = run("lineinfile", a);
        assertEquals(TaskResult.Status.CHANGED, r.status());
        assertEquals("line replaced", r.message());
        assertEquals("# port=1\nport=80 # web\nhost=a\nport=810 & api\nREF x REF\n", Files.readString(f));
        // the expanded line no longer matches: the last match is now the other port line, as in Ansible
        assertEquals(TaskResult.Status.CHANGED, run("lineinfile", a).status());
        assertEquals("# port=1\nport=800 & web\nhost=a\nport=810 & api\nREF x REF\n", Files.readString(f));
        assertEquals(TaskResult.Status.OK, run("lineinfile", a).status());
        Files.writeString(f, "port=1 # a\nport=2 # b\nREF x REF\n");
        a.put("firstmatch", true);
        run("lineinfile", a);
        assertEquals("port=10 & a\nport=2 # b\nREF x REF\n", Files.readString(f));
        // a back-reference in the pattern itself, as Ansible's own tests use it
        run("lineinfile", args("path", f.toString(), "regexp", "^(REF) .* \\1$", "line", "This is \\1", "backrefs", true));
        assertTrue(Files.readString(f).endsWith("\nThis is REF\n"), Files.readString(f));
        String before = Files.readString(f);
        TaskResult none = run("lineinfile", args("path", f.toString(), "regexp", "^nothing=(.*)", "line", "x=\\1", "backrefs", true));
        assertEquals(TaskResult.Status.OK, none.status());
        assertEquals(before, Files.readString(f));
    }

    @Test
    void backrefsRefusesWhatPosixMatchesOtherwiseAndNeedsRegexp() {
        Path f = dir.resolve("x");
        for (Map<String, Object> a : java.util.List.of(
                args("path", f.toString(), "regexp", "^(a|ab)(c)", "line", "\\1", "backrefs", true),
                args("path", f.toString(), "regexp", "^(.*?)=", "line", "\\1", "backrefs", true),
                args("path", f.toString(), "line", "x", "backrefs", true))) {
            assertThrows(dev.muster.module.ArgumentException.class, () -> plan("lineinfile", a, Contexts.normal()), a.toString());
        }
    }

    @Test
    void messagesAndKeysAreAnsibles() throws Exception {
        Path missing = dir.resolve("missing");
        TaskResult r = run("lineinfile", args("path", missing.toString(), "line", "x"));
        assertEquals("Destination " + missing + " does not exist !", r.message());
        assertEquals(257, r.data().get("rc"));
        assertEquals("Path " + missing + " does not exist !", run("blockinfile", args("path", missing.toString(), "block", "x")).message());
        assertEquals("Path " + dir + " is a directory !", run("lineinfile", args("path", dir.toString(), "line", "x")).message());
        Path f = dir.resolve("conf");
        Files.writeString(f, "a\n");
        TaskResult backup = run("lineinfile", args("path", f.toString(), "line", "b", "backup", true));
        String name = (String) backup.data().get("backup");
        assertTrue(name.startsWith(f + "."), backup.data().toString());
        assertEquals("a\n", Files.readString(Path.of(name)));
        java.util.List<?> diff = (java.util.List<?>) backup.data().get("diff");
        assertEquals(f + " (content)", ((Map<?, ?>) diff.get(0)).get("before_header"), "Ansible's diff list, in every mode");
        assertEquals(f + " (file attributes)", ((Map<?, ?>) diff.get(1)).get("after_header"));
        assertEquals("", run("lineinfile", args("path", f.toString(), "line", "b", "backup", true)).data().get("backup"));
        TaskResult invalid = run("lineinfile", args("path", f.toString(), "line", "c", "validate", "sh -c 'echo bad >&2; exit 3' %s"));
        assertEquals("failed to validate: rc:3 error:bad\n", invalid.message(), "stderr as it came, as Ansible");
        assertEquals("a\nb\n", Files.readString(f));
        TaskResult block = run("blockinfile", args("path", f.toString(), "block", "z", "backup", true));
        assertTrue(((String) block.data().get("backup_file")).startsWith(f + "."), block.data().toString());
    }

    @Test
    void pythonClassesInRegexpsMatchAsInAnsible() throws Exception {
        Path f = dir.resolve("ports");
        Files.writeString(f, "Port 22\nListen 80\n");
        run("lineinfile", args("path", f.toString(), "regexp", "^Port\\s+\\d{2}$", "line", "Port 2222"));
        run("lineinfile", args("path", f.toString(), "insertafter", "^Port\\s", "line", "AddressFamily inet"));
        assertEquals("Port 2222\nAddressFamily inet\nListen 80\n", Files.readString(f));
    }
}
