package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.executor.fakes.EngineHarness;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PlayCommandTest {

    @TempDir
    Path dir;
    EngineHarness h;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
        h.inventory.group("web", "w1", "w2");
        h.write("inventory.ini", "unused by the fake\n");
    }

    /** Runs the play command as Main does, with fake services. */
    private int play(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine command = new CommandLine(new PlayCommand(h.engine()));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        command.setParameterExceptionHandler((ex, ignored) -> ExitCodes.BAD_OPTIONS);
        command.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof MusterException known) {
                err.write("ERROR: " + known.describe() + "\n");
                return ExitCodes.of(known.failure());
            }
            throw ex;
        });
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-i", dir.resolve("inventory.ini").toString(), "--log-file", dir.resolve("muster.log").toString()));
        return command.execute(all.toArray(String[]::new));
    }

    @Test
    void defaultsAreTheLowestLayerBelowTheInventory() {
        h.inventory.var("w1", "port", 5673);
        h.write("defaults.yml", "port: 5672\nvhost: muster\n");
        h.write("site.yml", "- hosts: web\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: \"{{ inventory_hostname }} {{ port }} {{ vhost }}\"\n");
        assertEquals(0, play(dir.resolve("site.yml").toString(), "--defaults", dir.resolve("defaults.yml").toString(), "-v"));
        String console = out.toString();
        assertTrue(console.contains("w1 5673 muster"), console); // the inventory wins over the defaults
        assertTrue(console.contains("w2 5672 muster"), console); // the defaults fill what the inventory does not set
    }

    @Test
    void runsAndPrintsTheRecap() {
        h.write("site.yml", "- hosts: web\n  gather_facts: false\n  tasks:\n    - name: hello\n      command: echo hi\n");
        assertEquals(0, play(dir.resolve("site.yml").toString()));
        String console = out.toString();
        assertTrue(console.contains("TASK [hello]"), console);
        assertTrue(console.contains("changed: [w1]"), console);
        assertTrue(console.contains("PLAY RECAP"), console);
        assertTrue(console.matches("(?s).*w1\\s+: ok=1\\s+changed=1\\s+unreachable=0\\s+failed=0.*"), console);
    }

    @Test
    void parseErrorsExit4BeforeAnyConnection() throws Exception {
        h.write("site.yml", "- hosts: web\n  tasks:\n    - shel: ls\n");
        assertEquals(ExitCodes.PARSE_ERROR, play(dir.resolve("site.yml").toString()));
        assertTrue(err.toString().contains("site.yml:3:7: unknown module 'shel', did you mean 'set_fact'?")
                || err.toString().contains("site.yml:3:7: unknown module 'shel'"), err.toString());
        assertTrue(h.connections.connected.isEmpty());
        h.write("site.yml", "- hosts: web\n  tasks:\n    - command: ls\n      notify: nobody\n");
        assertEquals(ExitCodes.PARSE_ERROR, play(dir.resolve("site.yml").toString()));
        assertTrue(err.toString().contains("no handler has that name"), err.toString());
        assertTrue(h.connections.connected.isEmpty());
    }

    @Test
    void badOptionsExit5() {
        h.write("site.yml", "- hosts: web\n  tasks: []\n");
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString(), "--forks", "0"));
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString(), "--limit", "nosuchhost"));
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString(), "-e", "oops"));
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("missing.yml").toString()));
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString(), "--host-key-policy", "yolo"));
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString(), "--connect-timeout", "0"));
        assertTrue(err.toString().contains("--connect-timeout must be at least 1 second"), err.toString());
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString(), "--connect-timeout", "soon"));
        assertTrue(h.connections.connected.isEmpty());
    }

    @Test
    void missingBecomePasswordIsFoundBeforeConnecting() {
        h.inventory.var("w1", "ansible_user", "deploy");
        h.write("site.yml", "- hosts: web\n  become: true\n  tasks:\n    - command: id\n");
        assertEquals(ExitCodes.BAD_OPTIONS, play(dir.resolve("site.yml").toString()));
        assertTrue(err.toString().contains("no sudo password was given"), err.toString());
        assertTrue(h.connections.connected.isEmpty());
        Path passwordFile = h.write("pw", "sudo-pass-123\n");
        assertEquals(0, play(dir.resolve("site.yml").toString(), "--become-password-file", passwordFile.toString(), "--json", "-vvv"));
        assertEquals("sudo-pass-123", h.connections.calls.get(h.connections.calls.size() - 1).become().password());
        assertFalse(out.toString().contains("sudo-pass-123"));
    }

    @Test
    void jsonLinesAndLogFileAndListings() throws Exception {
        h.write("site.yml", "- hosts: web\n  name: Site\n  gather_facts: false\n  tasks:\n    - name: hello\n      command: echo hi\n      tags: [t1]\n");
        assertEquals(0, play(dir.resolve("site.yml").toString(), "--json", "--limit", "w2"));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("{\"event\":")), out.toString());
        assertTrue(lines.get(lines.size() - 1).contains("\"event\":\"recap\""));
        assertFalse(out.toString().contains("\"host\":\"w1\""), "--limit w2");
        assertTrue(Files.readString(dir.resolve("muster.log")).contains("\"event\":\"host_result\""));
        assertEquals(0, play(dir.resolve("site.yml").toString(), "--list-tasks", "--list-hosts"));
        assertTrue(out.toString().contains("hello\tTAGS: [t1]"), out.toString());
        assertTrue(out.toString().contains("hosts (2):"), out.toString());
        assertEquals(0, play(dir.resolve("site.yml").toString(), "--syntax-check"));
        assertEquals(java.util.Set.of("w2"), java.util.Set.copyOf(h.connections.connected), "only the real run connected, to w2");
    }

    @Test
    void askBecomePassReadsALineWhenStdinIsNotATerminal() {
        h.inventory.var("w1", "ansible_user", "deploy").var("w2", "ansible_user", "deploy");
        h.write("site.yml", "- hosts: web\n  gather_facts: false\n  become: true\n  become_user: app\n  tasks:\n    - command: id\n");
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("typed-secret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(0, play(dir.resolve("site.yml").toString(), "-K", "-vvv"));
        } finally {
            System.setIn(stdin);
        }
        dev.muster.connection.Become become = h.connections.calls.get(0).become();
        assertEquals("app", become.user());
        assertEquals("typed-secret", become.password());
        assertFalse(out.toString().contains("typed-secret"), out.toString());
        assertTrue(err.toString().contains("BECOME password: "));
    }
}
