package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.ExitCodes;
import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes are found before any host is touched: each playbook's first task would leave a marker
 * on the host, and the marker must not be there after the run.
 */
@LabHosts(1)
class BadInputIT {

    private static final String MARKER = "/tmp/engine-bad-input-marker";
    private static final String FIRST = "    - name: leaves a marker\n      copy: {content: touched, dest: " + MARKER + "}\n";

    @TempDir
    Path work;
    Lab lab;
    String host;

    @BeforeEach
    void clean(Lab lab) {
        this.lab = lab;
        this.host = lab.hosts().get(0);
        lab.exec(host, "rm -f " + MARKER);
    }

    private MusterCli.Result run(String tasksAfterMarker, int expectedExit, String... more) {
        Path playbook = MusterCli.write(work, "site.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n" + FIRST + tasksAfterMarker);
        MusterCli.Result result = MusterCli.play(lab, work, playbook, more);
        assertEquals(expectedExit, result.exit(), result.toString());
        assertEquals(1, lab.exec(host, "test -e " + MARKER).exitCode(), "the host was touched: " + result);
        assertFalse(result.err().contains("\tat "), "no stack trace: " + result.err());
        return result;
    }

    private String site() {
        return work.resolve("site.yml").toString();
    }

    @Test
    void malformedYaml() {
        MusterCli.Result result = run("    - name: broken\n      command: [unclosed\n", ExitCodes.PARSE_ERROR);
        assertTrue(result.err().startsWith("ERROR: " + site() + ":"), result.err());
        assertTrue(result.err().contains("YAML syntax error"), result.err());
    }

    @Test
    void unknownModule() {
        MusterCli.Result result = run("    - comand: ls\n", ExitCodes.PARSE_ERROR);
        assertTrue(result.err().contains(site() + ":6:7: unknown module 'comand', did you mean 'command'?"), result.err());
    }

    @Test
    void unknownArgument() {
        MusterCli.Result result = run("    - copy:\n        dest: /tmp/x\n        contnet: hi\n", ExitCodes.PARSE_ERROR);
        assertTrue(result.err().contains(site() + ":8:9: unknown argument 'contnet' for module 'copy', did you mean 'content'?"), result.err());
    }

    @Test
    void undefinedVariable() {
        MusterCli.Result result = run("    - name: uses it\n      copy: {dest: /tmp/x, content: \"{{ nowhere_defined }}\"}\n", ExitCodes.PARSE_ERROR);
        assertTrue(result.err().contains(site() + ":7:28: task 'uses it': undefined variable 'nowhere_defined'"), result.err());
    }

    @Test
    void badConditionSyntax() {
        MusterCli.Result result = run("    - command: ls\n      when: x ==\n", ExitCodes.PARSE_ERROR);
        assertTrue(result.err().contains(site() + ":7:13: bad condition 'x =='"), result.err());
    }

    @Test
    void missingBecomePassword() {
        Path inventory = MusterCli.inventory(lab, work, List.of(), host + " ansible_host=" + lab.address(host) + " ansible_user=deploy");
        Path playbook = MusterCli.write(work, "site.yml", "- hosts: all\n  gather_facts: false\n  become: true\n  tasks:\n" + FIRST);
        MusterCli.Result result = MusterCli.playWith(lab, work, playbook, inventory);
        assertEquals(ExitCodes.BAD_OPTIONS, result.exit(), result.toString());
        assertTrue(result.err().contains("no sudo password was given"), result.err());
        assertEquals(1, lab.exec(host, "test -e " + MARKER).exitCode());
    }

    @Test
    void unreachableHostIsReportedAndTheOthersCarryOn() {
        Path inventory = MusterCli.inventory(lab, work, List.of(host), "ghost ansible_host=" + lab.address(host) + " ansible_port=2");
        Path playbook = MusterCli.write(work, "site.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n" + FIRST
                + "    - name: after\n      command: echo after\n");
        MusterCli.Result result = MusterCli.playWith(lab, work, playbook, inventory);
        assertEquals(ExitCodes.HOST_UNREACHABLE, result.exit(), result.toString());
        assertEquals(1, result.recap().get("ghost").path("unreachable").asInt());
        assertEquals(0, result.recap().get(host).path("failed").asInt());
        assertTrue(result.out().contains("fatal: [ghost]: UNREACHABLE!"), result.out());
        assertTrue(result.out().matches("(?s).*TASK \\[after].*changed: \\[" + host + "].*"), "the reachable host carries on: " + result.out());
        assertFalse(result.out().matches("(?s).*TASK \\[after][^\\n]*\\n[^P]*\\[ghost].*PLAY RECAP.*"), "ghost is dropped after the failure");
    }
}
