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
}
