package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.Failure;
import dev.muster.report.Outcome;
import dev.muster.executor.fakes.EngineHarness;
import dev.muster.report.Event;
import dev.muster.report.HostStats;
import dev.muster.report.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookRunnerTest {

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
        h.inventory.group("web", "w1", "w2").group("db", "d1");
    }


    @Test
    void variablePrecedenceFollowsTheDocumentedOrder() {
        h.inventory.var("w1", "a", "inventory").var("w1", "b", "inventory").var("w1", "c", "inventory").var("w1", "d", "inventory");
        h.write("roles/r/defaults/main.yml", "a: default\nb: default\nc: default\nd: default\ne: default\n");
        h.write("roles/r/vars/main.yml", "c: rolevars\n");
        h.write("roles/r/tasks/main.yml", """
                - set_fact: {d: fact}
                - name: show
                  command: "echo {{ a }} {{ b }} {{ c }} {{ d }} {{ e }} {{ x }}"
                  vars: {x: taskvar}
                """);
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  vars: {b: play}
                  roles: [r]
                """);
        assertEquals(Outcome.OK, h.run(h.request("site.yml").extraVars(Map.of("x", "extra"))));
        assertTrue(h.connections.scriptsOn("w1").contains("echo inventory play rolevars fact default extra"), h.connections.scriptsOn("w1").toString());
    }

    @Test
    void remoteUserOfThePlayOrTaskIsWhomToConnectAsWhereTheInventoryNamesNoUser() {
        h.inventory.var("w2", "ansible_user", "deploy");
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  remote_user: alice
                  tasks:
                    - name: as the play says
                      command: echo one
                    - name: as the task says
                      command: echo two
                      remote_user: bob
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        Set<String> logins = Set.copyOf(h.connections.logins);
        assertTrue(logins.containsAll(List.of("w1 alice", "w1 bob", "w2 deploy")), logins.toString());
        assertFalse(logins.stream().anyMatch(l -> l.startsWith("w2 ") && !l.equals("w2 deploy")), "the inventory's ansible_user wins: " + logins);
    }

    @Test
    void eachTaskRunsOnAllHostsBeforeTheNextAndHandlersRunOncePerHostInDefinitionOrder() {
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: one
                      command: echo one
                      notify: [second handler, first handler]
                    - name: two
                      command: echo two
                      notify: first handler
                  handlers:
                    - name: first handler
                      command: echo h1
                    - name: second handler
                      command: echo h2
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        for (String host : List.of("w1", "w2")) {
            assertEquals(List.of("echo one", "echo two", "echo h1", "echo h2"), h.connections.scriptsOn(host));
        }
        List<String> order = h.connections.calls.stream().map(c -> c.script()).toList();
        assertTrue(order.indexOf("echo two") > order.lastIndexOf("echo one"), "linear: task two starts after task one ended everywhere");
        HostStats w1 = h.recap().hosts().get("w1");
        assertEquals(4, w1.ok());
        assertEquals(4, w1.changed());
    }

    @Test
    void loopsRegisterResultsAndWhenIsEvaluatedPerItem() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  vars: {skip: b}
                  tasks:
                    - name: loop
                      command: "echo {{ item }}"
                      loop: [a, b, c]
                      when: item != skip
                      register: out
                    - name: count
                      debug: {msg: "{{ out.results.0.stdout }} {{ out.results.1.skipped }}"}
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(List.of("echo a", "echo c"), h.connections.scriptsOn("w1"));
        assertEquals("a true", h.results("count").get(0).message());
    }

    @Test
    void aFailedHostLeavesThePlayAndRescueRecoversIt() {
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - block:
                        - name: fails
                          command: exit 3
                          when: inventory_hostname == 'w1'
                      rescue:
                        - name: rescued
                          debug: {msg: rescued}
                      always:
                        - name: always
                          debug: {msg: always}
                    - name: fails for real
                      command: exit 2
                      when: inventory_hostname == 'w2'
                    - name: after
                      command: echo after
                """);
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"));
        HostStats w1 = h.recap().hosts().get("w1");
        assertEquals(0, w1.failed());
        assertEquals(1, w1.rescued());
        HostStats w2 = h.recap().hosts().get("w2");
        assertEquals(1, w2.failed());
        assertTrue(h.connections.scriptsOn("w1").contains("echo after"));
        assertFalse(h.connections.scriptsOn("w2").contains("echo after"), "a failed host is dropped from the rest of the play");
        assertEquals(Set.of("w1", "w2"), Set.copyOf(h.results("always").stream().map(Event.HostResult::host).toList()));
        assertEquals(List.of("w1"), h.results("rescued").stream().map(Event.HostResult::host).toList());
    }

    @Test
    void unreachableHostsAreReportedAndDroppedAndExitIs3() {
        h.connections.unreachable.add("w2");
        h.write("site.yml", """
                - hosts: web
                  tasks:
                    - name: t
                      command: echo hi
                """);
        assertEquals(Outcome.HOST_UNREACHABLE, h.run("site.yml"));
        assertEquals(1, h.recap().hosts().get("w2").unreachable());
        assertEquals(List.of("w1"), h.results("t").stream().map(Event.HostResult::host).toList());
        assertEquals("echo facts", h.connections.scriptsOn("w1").get(0), "facts are gathered first, in one round trip");
    }

    @Test
    void anyErrorsFatalStopsEveryHost() {
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  any_errors_fatal: true
                  tasks:
                    - command: "exit 1"
                      when: inventory_hostname == 'w1'
                    - name: next
                      command: echo next
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: later play
                      command: echo later
                """);
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"));
        assertTrue(h.results("next").isEmpty());
        // as ansible-playbook: a play stopped by any_errors_fatal ends the playbook, later plays run nowhere
        assertTrue(h.results("later play").isEmpty(), "a later play ran after any_errors_fatal stopped the run");
    }

    @Test
    void ignoreErrorsChangedWhenFailedWhenAndUntil() {
        h.connections.custom = (host, script) -> script.equals("flaky") ? new dev.muster.connection.ExecResult(
                h.connections.calls.stream().filter(c -> c.script().equals("flaky")).count() < 3 ? 1 : 0, "", "", Duration.ZERO) : null;
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: ignored
                      command: exit 4
                      ignore_errors: true
                    - name: never changed
                      command: echo x
                      changed_when: false
                    - name: failed by rule
                      command: echo x
                      register: r
                      failed_when: r.stdout == 'x'
                      ignore_errors: yes
                    - name: retried
                      command: flaky
                      register: f
                      until: f.rc == 0
                      retries: 5
                      delay: 0
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(Status.IGNORED, h.results("ignored").get(0).status());
        assertEquals(Status.OK, h.results("never changed").get(0).status());
        assertEquals(Status.IGNORED, h.results("failed by rule").get(0).status());
        assertEquals(Status.CHANGED, h.results("retried").get(0).status());
        assertEquals(3, h.connections.scriptsOn("w1").stream().filter("flaky"::equals).count());
        assertEquals(2, h.recap().hosts().get("w1").ignored());
    }

    @Test
    void secretsAndNoLogOutputNeverReachListeners() {
        h.inventory.var("w1", "admin_password", "hunter2secret");
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  vars: {rabbitmq_password: "s3cr3t-rabbit", user: bob}
                  tasks:
                    - name: uses secrets
                      command: "echo {{ rabbitmq_password }} {{ admin_password }} {{ user }}"
                    - name: hidden
                      command: echo nolog-output
                      no_log: true
                    - name: fails with a secret
                      fail: {msg: "bad {{ rabbitmq_password }}"}
                      ignore_errors: true
                """);
        h.connections.custom = (host, script) -> script.startsWith("echo") ? new dev.muster.connection.ExecResult(0, script.substring(5), "", Duration.ZERO) : null;
        assertEquals(Outcome.OK, h.run("site.yml"));
        String json = h.json.toString();
        assertTrue(json.contains("bob"), json);
        assertFalse(json.contains("s3cr3t-rabbit"), json);
        assertFalse(json.contains("hunter2secret"), json);
        assertFalse(json.contains("nolog-output"), json);
        assertTrue(json.contains("censored") || json.contains("no_log"), json);
    }

    @Test
    void aLoopUnderNoLogRunsEveryItemAndHidesThem() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: hidden loop
                      command: "echo {{ item }}"
                      loop: [hidden-one, hidden-two]
                      no_log: true
                      register: out
                    - name: after
                      debug: {msg: "{{ out.changed }} {{ out.results.1.changed }}"}
                """);
        h.connections.custom = (host, script) -> script.startsWith("echo") ? new dev.muster.connection.ExecResult(0, script.substring(5), "", Duration.ZERO) : null;
        assertEquals(Outcome.OK, h.run("site.yml"), h.json.toString());
        assertEquals(List.of("echo hidden-one", "echo hidden-two"), h.connections.scriptsOn("w1"));
        List<Event.HostResult> results = List.copyOf(h.events).stream()
                .filter(e -> e instanceof Event.HostResult r && r.task().equals("hidden loop")).map(e -> (Event.HostResult) e).toList();
        assertEquals(3, results.size(), "an event per item and the summary: " + results);
        assertTrue(results.get(2).loopSummary(), results.toString());
        assertEquals(Status.CHANGED, results.get(2).status(), results.toString());
        assertFalse(h.json.toString().contains("hidden-"), h.json.toString());
        assertEquals("true true", h.results("after").get(0).message());
    }

    @Test
    void setFactSticksToTheHostAcrossPlaysAndRunOnceSharesTheResult() {
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - set_fact: {color: "blue-{{ inventory_hostname }}", nothing: null}
                    - name: once
                      command: echo once
                      run_once: true
                      register: once_out
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: later
                      command: "echo {{ color }} {{ once_out.rc }}"
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(1, h.connections.calls.stream().filter(c -> c.script().equals("echo once")).count());
        assertTrue(h.connections.scriptsOn("w2").contains("echo blue-w2 0"));
    }

    @Test
    void undefinedVariableIsFoundBeforeAnyHostIsTouched() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: fine
                      command: "echo {{ inventory_hostname }} {{ later }}"
                    - set_fact: {later: 1}
                    - name: broken
                      copy: {dest: /x, content: "{{ nope.field }}"}
                """);
        dev.muster.error.MusterException e = org.junit.jupiter.api.Assertions.assertThrows(dev.muster.error.MusterException.class, () -> h.run("site.yml"));
        assertEquals(Failure.BAD_INPUT, e.failure());
        assertTrue(e.describe().contains("site.yml:8:24: task 'broken': undefined variable 'nope'"), e.describe());
        assertTrue(h.connections.connected.isEmpty());
    }

    @Test
    void undefinedVariableInAnExpressionFailsTheTaskNamingItsLocation() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: broken
                      command: "echo {{ nope == 1 }}"
                """);
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"));
        String message = h.results("broken").get(0).message();
        assertTrue(message.contains("site.yml:4:7") && message.contains("nope") && message.contains("broken"), message);
        assertTrue(h.connections.calls.isEmpty());
    }

    @Test
    void serialRunsBatchesOneAfterAnother() {
        h.inventory.group("many", "m1", "m2", "m3");
        h.write("site.yml", """
                - hosts: many
                  gather_facts: false
                  serial: [1, "50%"]
                  tasks:
                    - command: "echo a"
                    - command: "echo b"
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        List<String> order = h.connections.calls.stream().map(c -> c.host() + ":" + c.script()).toList();
        assertEquals("m1:echo a", order.get(0));
        assertEquals("m1:echo b", order.get(1));
    }

    @Test
    void tagsSelectTasksAndAlwaysAndNeverBehave() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - {command: echo tagged, tags: [x]}
                    - {command: echo other, tags: [y]}
                    - {command: echo always, tags: [always]}
                    - {command: echo never, tags: [never]}
                """);
        assertEquals(Outcome.OK, h.run(h.request("site.yml").tags(Set.of("x"))));
        assertEquals(List.of("echo tagged", "echo always"), h.connections.scriptsOn("w1"));
    }

    @Test
    void checkModeIsPassedAndCopyIsIdempotent() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - name: conf
                      copy: {dest: /etc/x, content: "hello {{ inventory_hostname }}", mode: 0644}
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(Status.CHANGED, h.results("conf").get(0).status());
        assertTrue(h.connections.scriptsOn("w1").get(0).matches(".* 0?644"), "YAML octal 0644 reaches the module as the bits 644");
        h.events.clear();
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(Status.OK, h.results("conf").get(0).status());
        assertEquals("hello w1", h.connections.files.get("w1").get("/etc/x"));
    }

    @Test
    void templatedIncludeIsLoadedAtRunTimePerHost() {
        h.inventory.var("w1", "flavour", "a").var("w2", "flavour", "b");
        h.write("a.yml", "- command: echo from-a\n");
        h.write("b.yml", "- command: echo from-b\n");
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - include_tasks: "{{ flavour }}.yml"
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(List.of("echo from-a"), h.connections.scriptsOn("w1"));
        assertEquals(List.of("echo from-b"), h.connections.scriptsOn("w2"));
    }

    /**
     * Roles carry task files for other platforms under a condition (geerlingguy's setup-RedHat.yml beside
     * setup-Debian.yml): Ansible loads an include_tasks file only on the hosts that include it, so such a file's
     * unknown module refuses nothing on the other hosts, and fails, with its location, the hosts that do include it.
     */
    @Test
    void aConditionalIncludeThatDoesNotLoadFailsOnlyTheHostsThatIncludeIt() {
        h.inventory.var("w1", "family", "Debian").var("w2", "family", "RedHat");
        h.write("roles/r/tasks/main.yml", """
                - include_tasks: setup-RedHat.yml
                  when: family == 'RedHat'
                - include_tasks: setup-Debian.yml
                  when: family == 'Debian'
                - command: echo after
                """);
        h.write("roles/r/tasks/setup-RedHat.yml", "- name: yum\n  no_such_module: name=x\n");
        h.write("roles/r/tasks/setup-Debian.yml", "- command: echo debian\n");
        h.write("site.yml", "- hosts: web\n  gather_facts: false\n  roles: [r]\n");
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"), h.json.toString());
        assertEquals(List.of("echo debian", "echo after"), h.connections.scriptsOn("w1"));
        assertEquals(List.of(), h.connections.scriptsOn("w2"));
        assertTrue(h.json.toString().contains("setup-RedHat.yml:2:3"), h.json.toString());
        assertEquals(1, h.recap().hosts().get("w2").failed(), h.json.toString());
        assertEquals(0, h.recap().hosts().get("w1").failed(), h.json.toString());
    }

    /** The same file under no condition is refused before any host is touched, as every other file. */
    @Test
    void anUnconditionalIncludeThatDoesNotLoadIsRefusedBeforeAnyHost() {
        h.write("bad.yml", "- no_such_module: name=x\n");
        h.write("site.yml", "- hosts: web\n  gather_facts: false\n  tasks:\n    - include_tasks: bad.yml\n");
        dev.muster.error.MusterException e = org.junit.jupiter.api.Assertions.assertThrows(dev.muster.error.MusterException.class, () -> h.run("site.yml"));
        assertTrue(e.describe().contains("bad.yml:1:3"), e.describe());
        assertTrue(h.connections.connected.isEmpty());
    }

    /** Inside a role, a name written out and the same name from a template find the same file, by Ansible's order. */
    @Test
    void insideARoleBothFormsOfAnIncludeFindTheSameFiles() {
        h.write("roles/r/vars/main.yml", "extra: extra.yml\nshared: shared/common.yml\n");
        h.write("roles/r/tasks/main.yml", """
                - include_tasks: extra.yml
                - include_tasks: "{{ extra }}"
                - include_tasks: shared/common.yml
                - include_tasks: "{{ shared }}"
                """);
        h.write("roles/r/tasks/extra.yml", "- command: echo role-extra\n");
        h.write("shared/common.yml", "- command: echo playbook-common\n");
        h.write("site.yml", "- hosts: w1\n  gather_facts: false\n  roles: [r]\n");
        assertEquals(Outcome.OK, h.run("site.yml"), h.json.toString());
        assertEquals(List.of("echo role-extra", "echo role-extra", "echo playbook-common", "echo playbook-common"),
                h.connections.scriptsOn("w1"));
    }

    @Test
    void environmentValuesAreQuotedAndLazyVariablesResolve() {
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  vars: {base: /opt/app, conf: "{{ base }}/conf", hostile: "$(touch /tmp/pwned)"}
                  tasks:
                    - command: "echo {{ conf }}"
                      environment: {EVIL: "{{ hostile }}"}
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        String script = h.connections.scriptsOn("w1").get(0);
        assertTrue(script.contains("EVIL='$(touch /tmp/pwned)'; export EVIL"), script);
        assertTrue(script.endsWith("echo /opt/app/conf"), script);
    }

    @Test
    void delegateToRunsOnAnotherHostWithTheTaskHostsVariablesAndHostvarsReachOtherHosts() {
        h.inventory.group("db", "d1").var("d1", "port", 5432);
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - name: delegated
                      command: "echo {{ inventory_hostname }} {{ hostvars.d1.port }}"
                      delegate_to: d1
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(Set.of("echo w1 5432", "echo w2 5432"), Set.copyOf(h.connections.scriptsOn("d1")));
        assertTrue(h.connections.scriptsOn("w1").isEmpty());
    }

    @Test
    void maxFailPercentageStopsThePlay() throws java.io.IOException {
        h.inventory.group("many", "m1", "m2", "m3", "m4").var("m1", "bad", true);
        h.write("site.yml", """
                - hosts: many
                  gather_facts: false
                  max_fail_percentage: 30
                  tasks:
                    - command: exit 1
                      when: bad is defined
                    - name: next
                      command: echo next
                """);
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"));
        assertEquals(3, h.results("next").size(), "1 of 4 failed: 25% is within 30%");
        h.events.clear();
        h.inventory.var("m2", "bad", true);
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"));
        assertTrue(h.results("next").isEmpty(), "2 of 4 failed: 50% stops the play");
        h.events.clear();
        h.write("site.yml", java.nio.file.Files.readString(h.dir.resolve("site.yml")) + "- hosts: all\n  gather_facts: false\n  tasks:\n    - name: later play\n      command: echo later\n");
        assertEquals(Outcome.HOST_FAILED, h.run("site.yml"));
        assertTrue(h.results("later play").isEmpty(), "max_fail_percentage exceeded ends the playbook, as in ansible-playbook");
    }

    @Test
    void templatedIncludeRoleAndFailedResultsAreRegisteredForTheRescue() {
        h.inventory.var("w1", "which", "inner");
        h.write("roles/inner/tasks/main.yml", "- name: inner task\n  command: echo inner\n");
        h.write("site.yml", """
                - hosts: w1
                  gather_facts: false
                  tasks:
                    - include_role: {name: "{{ which }}"}
                    - block:
                        - name: breaks
                          command: exit 7
                          register: broken
                      rescue:
                        - name: after
                          command: "echo rc was {{ broken.rc }}"
                """);
        assertEquals(Outcome.OK, h.run("site.yml"));
        assertEquals(List.of("echo inner", "exit 7", "echo rc was 7"), h.connections.scriptsOn("w1"));
    }

    @Test
    void includeTasksWithALoopRunsTheFileOncePerItem() {
        h.write("per-item.yml", "- command: \"echo {{ pkg }}\"\n");
        h.write("site.yml", """
                - hosts: web
                  gather_facts: false
                  tasks:
                    - include_tasks: per-item.yml
                      loop: [a, b]
                      loop_control: {loop_var: pkg}
                    - name: after
                      command: echo after
                """);
        assertEquals(Outcome.OK, h.run(h.request("site.yml").extraVars(Map.of())) , h.json.toString());
        assertEquals(List.of("echo a", "echo b"), h.connections.scriptsOn("w1").subList(0, 2));
        assertEquals(List.of("echo a", "echo b", "echo after"), h.connections.scriptsOn("w2"));
    }
}
