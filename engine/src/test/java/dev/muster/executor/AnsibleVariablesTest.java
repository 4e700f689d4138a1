package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.SshConnectionFactory;
import dev.muster.executor.fakes.EngineHarness;
import dev.muster.executor.fakes.RealEngine;
import dev.muster.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variables as Ansible gives them, with the real modules and templating on this machine (local connection):
 * include_vars (found as Ansible finds it, at its precedence), {@code !unsafe} text, and {@code ansible_facts}.
 */
class AnsibleVariablesTest {

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
        h.inventory.group("here", "local").var("local", "ansible_connection", "local");
    }

    private RealEngine.Run run(String playbook) {
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            return RealEngine.run(h, RealEngine.request(h, playbook, Map.of(), java.time.Duration.ofMinutes(1)), connections);
        }
    }

    private static Object msg(RealEngine.Run run, String task) {
        List<dev.muster.report.Event.HostResult> results = run.results(task);
        assertEquals(1, results.size(), task + ": " + run.json());
        return results.get(0).data().get("msg");
    }

    @Test
    void includeVarsFindsFilesAsAnsibleAndSitsBetweenTaskVarsAndSetFact() {
        h.write("roles/app/vars/extra.yml", "from_role_vars: role-vars-dir\n");
        h.write("roles/app/tasks/main.yml", """
                - include_vars: extra.yml
                - name: role file
                  debug: {msg: "{{ from_role_vars }}"}
                """);
        h.write("vars/common.yml", "common: playbook-vars-dir\nchosen: included\npinned: included\n");
        h.write("settings/a_one.yml", "one: 1\nshared: first\n");
        h.write("settings/a_two.json", "{\"two\": 2, \"shared\": \"second\"}");
        h.write("settings/b_skipped.yml", "skipped: true\n");
        h.write("settings/.hidden.yml", "hidden: true\n");
        h.write("settings/deeper/a_three.yml", "three: 3\n");
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - set_fact: {pinned: set-fact}
                    - include_vars: common.yml
                    - name: precedence
                      debug: {msg: "{{ common }} {{ chosen }} {{ pinned }}"}
                      vars: {chosen: task-vars}
                    - include_vars: {dir: settings, files_matching: '^a_', depth: 1, name: bundle}
                    - name: dir
                      debug: {msg: "{{ bundle }}"}
                    - include_vars: {dir: settings, ignore_files: ['b_.*\\.yml'], extensions: [yml], ignore_unknown_extensions: true}
                    - name: deep
                      debug: {msg: "{{ one }} {{ three }} {{ shared }} {{ hidden }}"}
                  roles: [app]
                """);
        RealEngine.Run run = run("site.yml");
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("role-vars-dir", msg(run, "app : role file"));
        assertEquals("playbook-vars-dir included set-fact", msg(run, "precedence"), "task vars < include_vars < set_fact");
        assertEquals(Map.of("one", 1, "two", 2, "shared", "second"), msg(run, "dir"), "sorted, later files win, depth 1, only files matching");
        assertEquals("1 3 first True", msg(run, "deep"), "deeper files, no json, hidden files too (as Ansible)");
    }

    @Test
    void includeVarsWithAFileNowhereFailsNamingWhereItLooked() {
        h.write("site.yml", "- hosts: here\n  gather_facts: false\n  tasks:\n    - include_vars: nowhere.yml\n");
        RealEngine.Run run = run("site.yml");
        assertEquals(Outcome.HOST_FAILED, run.outcome(), run.json());
        assertTrue(run.json().contains("vars file 'nowhere.yml' not found"), run.json());
        h.write("settings/a.yml", "a: 1\n");
        h.write("settings/b.json", "{}");
        h.write("dir.yml", "- hosts: here\n  gather_facts: false\n  tasks:\n    - include_vars: {dir: settings, extensions: [yml]}\n");
        RealEngine.Run dir = run("dir.yml");
        assertEquals(Outcome.HOST_FAILED, dir.outcome(), dir.json());
        assertTrue(dir.json().contains("b.json' does not have a valid extension: yml"), dir.json());
    }

    @Test
    void unsafeTextIsNeverTemplated() throws Exception {
        Path out = dir.resolve("out.txt");
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  vars:
                    secret: s3cr3t-value
                    literal: !unsafe '{{ secret }}'
                  tasks:
                    - name: plain
                      debug: {msg: "{{ literal }}"}
                    - set_fact: {kept: "{{ literal }}", direct: !unsafe '{{ secret }}'}
                    - name: after set_fact
                      debug: {msg: "{{ kept }} {{ direct | length }}"}
                    - copy: {content: !unsafe "{{ secret }} {% raw %}\\n", dest: OUT}
                """.replace("OUT", out.toString()));
        RealEngine.Run run = run("site.yml");
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("{{ secret }}", msg(run, "plain"));
        assertEquals("{{ secret }} 12", msg(run, "after set_fact"));
        assertEquals("{{ secret }} {% raw %}\n", Files.readString(out));
    }

    @Test
    void ansibleFactsHoldTheFactsWithoutThePrefix() {
        h.write("site.yml", """
                - hosts: here
                  tasks:
                    - name: facts
                      debug: {msg: "{{ ansible_facts.os_family == ansible_os_family }} {{ ansible_facts.ansible_os_family is defined }} {{ ansible_facts['hostname'] | length > 0 }}"}
                """);
        RealEngine.Run run = run("site.yml");
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("True False True", msg(run, "facts"), "Python's str() of a boolean, as ansible-playbook prints it");
        h.write("none.yml", "- hosts: here\n  gather_facts: false\n  tasks:\n    - name: none gathered\n      debug: {msg: \"{{ ansible_facts }}\"}\n");
        RealEngine.Run none = run("none.yml");
        assertEquals(Map.of(), msg(none, "none gathered"), "an empty mapping, as in Ansible");
    }

    /**
     * A registered result is Ansible's unsafe: a command's output that holds {{ }} is data. Reading it in changed_when, when
     * or an argument never templates it again (it did: the output's "{{ nowhere_defined }}" failed the task as an
     * undefined variable).
     */
    @Test
    void aRegisteredResultIsNeverTemplatedAgain() {
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: out
                      command: "echo '{{ '{{' }} nowhere_defined }}'"
                      register: r
                      changed_when: "'nowhere' in r.stdout"
                    - name: shown
                      debug: {msg: "{{ r.stdout }} and {{ r.stdout_lines[0] }}"}
                      when: r.stdout is search('nowhere')
                """);
        RealEngine.Run run = run("site.yml");
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("{{ nowhere_defined }} and {{ nowhere_defined }}", msg(run, "shown"));
        assertEquals(dev.muster.report.Status.CHANGED, run.results("out").get(0).status(), run.json());
    }

    @Test
    void hostvarsCanBeSubscriptedAndMeasuredThoughEveryHostsVariablesHoldHostvarsAgain() {
        // Every installer role reads hostvars[name]['key']; a value hash of hostvars recursed through each host's
        // own hostvars until the stack overflowed (setup.sh stopped in its first play).
        h.inventory.group("db", "d1").var("d1", "port", 5432);
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: shown
                      debug: {msg: "{{ hostvars['d1']['port'] }} {{ hostvars['d1'] | length > 3 }} {{ hostvars | length }}"}
                """);
        RealEngine.Run run = run("site.yml");
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("5432 True 2", msg(run, "shown"));
    }
}
