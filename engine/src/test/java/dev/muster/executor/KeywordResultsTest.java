package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.SshConnectionFactory;
import dev.muster.executor.fakes.EngineHarness;
import dev.muster.executor.fakes.RealEngine;
import dev.muster.report.Event;
import dev.muster.report.Outcome;
import dev.muster.report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task keywords and results as ansible-core gives them, on this machine with the real modules and templating:
 * failed_when_result and changed_when, a loop with no item, loops on include_tasks, add_host and group_by.
 */
class KeywordResultsTest {

    @TempDir
    Path dir;
    private EngineHarness h;
    private Path out;

    @BeforeEach
    void setUp() throws Exception {
        h = new EngineHarness(dir);
        h.inventory.group("here", "local").var("local", "ansible_connection", "local");
        out = dir.resolve("out");
        Files.createDirectories(out);
    }

    private RealEngine.Run run(String playbook) {
        h.write("site.yml", playbook);
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            return RealEngine.run(h, RealEngine.request(h, "site.yml", Map.of("out", out.toString()), Duration.ofMinutes(1)), connections);
        }
    }

    private static String tasks(String tasks) {
        return "- hosts: here\n  gather_facts: false\n  tasks:\n" + tasks.stripIndent().indent(4);
    }

    @Test
    void failedWhenRegistersItsVerdictAndAConditionThatCannotBeEvaluatedFailsKeepingTheResult() throws Exception {
        RealEngine.Run run = run(tasks("""
                - name: exit 1 is no failure here
                  shell: exit 1
                  failed_when: false
                  register: r1
                - name: an undefined name in failed_when
                  command: echo foo
                  failed_when: boomboomboom
                  register: r2
                  ignore_errors: true
                - name: changed_when applies to a failed result too, and failed_when sees its verdict
                  shell: exit 2
                  changed_when: false
                  failed_when: r3.changed or r3.rc != 2
                  register: r3
                """));
        assertEquals(Outcome.OK, run.outcome(), run.json());
        Map<String, Object> r1 = run.results("exit 1 is no failure here").get(0).data();
        assertEquals(false, r1.get("failed"));
        assertEquals(false, r1.get("failed_when_result"));
        Event.HostResult r2 = run.results("an undefined name in failed_when").get(0);
        assertEquals(Status.IGNORED, r2.status());
        assertEquals("foo", r2.data().get("stdout"), "the module's result is kept");
        assertTrue(String.valueOf(r2.data().get("failed_when_result")).contains("boomboomboom"), r2.data().toString());
        Event.HostResult r3 = run.results("changed_when applies to a failed result too, and failed_when sees its verdict").get(0);
        assertEquals(Status.OK, r3.status());
        assertEquals(false, r3.data().get("changed"));
        assertEquals(false, r3.data().get("failed_when_result"));
    }

    @Test
    void aLoopWithNoItemIsSkippedAndCountedSoEvenWhereItsConditionCouldNotBeEvaluated() throws Exception {
        RealEngine.Run run = run(tasks("""
                - name: nothing to do
                  command: echo never
                  loop: []
                  when: never_defined
                  register: empty
                - name: write
                  copy:
                    dest: "{{ out }}/seen"
                    content: "{{ empty.results | length }} {{ empty.skipped_reason }}"
                  when: empty is skipped
                """));
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("0 No items in the list", Files.readString(out.resolve("seen")));
        assertEquals(Status.SKIPPED, run.results("nothing to do").get(0).status());
        assertEquals(1, run.stats("local").skipped());
    }

    @Test
    void loopResultsInAnsiblesWordsAndAnItemFailingUnderIgnoreErrorsIsShownFailed() throws Exception {
        RealEngine.Run run = run(tasks("""
                - name: all run
                  command: "echo {{ item }}"
                  loop: [a, b]
                  register: done
                - name: one fails
                  command: "test {{ item }} = a"
                  loop: [a, b]
                  register: some
                  ignore_errors: true
                - name: none run
                  command: "echo {{ item }}"
                  loop: [a, b]
                  when: item == 'z'
                  register: none
                - name: write
                  copy:
                    dest: "{{ out }}/msgs"
                    content: "{{ done.msg }}|{{ some.msg }}|{{ none.msg }}"
                """));
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("All items completed|One or more items failed|All items skipped", Files.readString(out.resolve("msgs")));
        List<Event.HostResult> items = run.events().stream()
                .filter(e -> e instanceof Event.HostResult r && r.task().equals("one fails") && r.item() != null)
                .map(e -> (Event.HostResult) e).toList();
        assertEquals(List.of(Status.CHANGED, Status.FAILED), items.stream().map(Event.HostResult::status).toList(),
                "the failing item is failed, as ansible-playbook shows it");
        assertEquals(Status.IGNORED, run.results("one fails").get(0).status(), "the loop is ignored");
        assertEquals(1, run.stats("local").ignored());
        assertEquals(0, run.stats("local").failed());
    }

    @Test
    void includeTasksLoopsWithEveryWithKeywordAndLoopControl() throws Exception {
        h.write("one.yml", """
                - name: one item
                  copy: {dest: "{{ out }}/{{ entry.key }}", content: "{{ entry.value }}"}
                """);
        h.write("pair.yml", """
                - name: a pair
                  copy: {dest: "{{ out }}/{{ item.0 }}", content: "{{ item.1 }} {{ idx }}"}
                """);
        RealEngine.Run run = run(tasks("""
                - include_tasks: one.yml
                  with_dict: {a: "1", b: "2"}
                  loop_control: {loop_var: entry}
                - include_tasks: pair.yml
                  with_together: [[x, y], [7, 8]]
                  loop_control: {index_var: idx}
                - include_tasks: pair.yml
                  with_items: []
                """));
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("1", Files.readString(out.resolve("a")));
        assertEquals("2", Files.readString(out.resolve("b")));
        assertEquals("7 0", Files.readString(out.resolve("x")));
        assertEquals("8 1", Files.readString(out.resolve("y")));
    }

    @Test
    void addHostAndGroupByChangeTheRunsInventoryForLaterPlays() throws Exception {
        h.inventory.var("local", "color", "blue");
        RealEngine.Run run = run("""
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: add a host
                      add_host:
                        name: "extra:2222"
                        groups: [dyn, more]
                        ansible_connection: local
                        role_of: added
                      register: added
                    - name: add it again
                      add_host: {name: extra, groups: dyn, ansible_connection: local, role_of: added, ansible_ssh_port: 2222}
                    - name: group by color
                      group_by: {key: "color {{ color }}", parents: [colors]}
                      register: grouped
                    - name: group by color again
                      group_by: {key: "color {{ color }}", parents: [colors]}
                - hosts: dyn
                  gather_facts: false
                  tasks:
                    - name: on the added host
                      copy: {dest: "{{ out }}/{{ inventory_hostname }}", content: "{{ role_of }} {{ ansible_ssh_port }} {{ group_names | join(',') }}"}
                - hosts: colors
                  gather_facts: false
                  tasks:
                    - name: on the grouped host
                      copy: {dest: "{{ out }}/grouped-{{ inventory_hostname }}", content: "{{ group_names | join(',') }} {{ groups['color-blue'] | join(',') }}"}
                """);
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("added 2222 dyn,more", Files.readString(out.resolve("extra")));
        assertEquals("color-blue,colors,here local", Files.readString(out.resolve("grouped-local")));
        assertEquals(List.of(Status.CHANGED, Status.OK, Status.CHANGED, Status.OK), List.of(
                run.results("add a host").get(0).status(), run.results("add it again").get(0).status(),
                run.results("group by color").get(0).status(), run.results("group by color again").get(0).status()));
        Event.HostResult added = run.results("add a host").get(0);
        assertTrue(String.valueOf(added.data().get("add_host")).contains("host_name=extra"), added.data().toString());
        assertEquals(0, run.stats("extra").failed(), "the added host ran its task");
    }
}
