package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.SshConnectionFactory;
import dev.muster.engine.RunRequest;
import dev.muster.report.Outcome;
import dev.muster.executor.fakes.EngineHarness;
import dev.muster.executor.fakes.RealEngine;
import dev.muster.report.Event;
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
 * Tasks run in each host's shell session, on this machine's real shell through the real local connection: the
 * results, the order of events and what runs must be those of every task as a command of its own
 * (--no-sessions); only the cost differs.
 */
class SessionTest {

    @TempDir
    Path dir;

    private EngineHarness h;
    private Path out;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
        h.inventory.group("here", "local").var("local", "ansible_connection", "local");
        out = dir.resolve("out");
    }

    private RealEngine.Run play(String tasks) {
        return play(tasks, Duration.ofMinutes(1));
    }

    private RealEngine.Run play(String tasks, Duration timeout) {
        h.write("site.yml", "- hosts: here\n  gather_facts: false\n  tasks:\n" + tasks.stripIndent().indent(4));
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            return RealEngine.run(h, RealEngine.request(h, "site.yml", Map.of("out", out.toString()), timeout), connections);
        }
    }

    @Test
    void tasksRunInOneSessionPerHostAndReportTaskByTask() throws Exception {
        String tasks = """
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: file
                  copy: {content: "hello\\n", dest: "{{ out }}/a.txt", mode: "0600"}
                - name: line
                  lineinfile: {path: "{{ out }}/b.ini", line: "port=1", create: true}
                - name: marker
                  command: touch {{ out }}/marker
                  args: {creates: "{{ out }}/marker"}
                - name: look
                  stat: {path: "{{ out }}/a.txt"}
                  register: looked
                """;
        RealEngine.Run first = play(tasks);
        assertEquals(Outcome.OK, first.outcome(), first.json());
        assertEquals(1, first.sessions("local"), "one shell for the five tasks");
        assertEquals(5, first.roundTrips("local"));
        assertTrue(first.commandLineScripts().isEmpty(), first.commandLineScripts().toString());
        assertEquals(4, first.stats("local").changed(), first.json());
        assertEquals("hello\n", Files.readString(out.resolve("a.txt")));
        assertEquals("port=1\n", Files.readString(out.resolve("b.ini")));
        assertTrue(Files.exists(out.resolve("marker")));
        // linear order: each task's header, then its result, then the next task
        List<String> order = first.events().stream()
                .filter(e -> e instanceof Event.TaskStarted || e instanceof Event.HostResult)
                .map(e -> e instanceof Event.TaskStarted t ? "start " + t.name() : "result " + ((Event.HostResult) e).task()).toList();
        assertEquals(List.of("start dir", "result dir", "start file", "result file", "start line", "result line",
                "start marker", "result marker", "start look", "result look"), order);
        RealEngine.Run second = play(tasks);
        assertEquals(0, second.stats("local").changed(), second.json());
        assertEquals(1, second.sessions("local"));
        // as ansible-playbook: creates naming an existing path is ok (rc 0, "skipped, since ... exists"), not skipped
        assertEquals(Status.OK, second.results("marker").get(0).status());
    }

    @Test
    void registeredResultsAndConditionsSeeWhatEarlierTasksDid() throws Exception {
        RealEngine.Run run = play("""
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: count
                  shell: echo 5
                  register: counted
                - name: unrelated
                  copy: {content: "x", dest: "{{ out }}/x"}
                - name: uses the count
                  copy: {content: "{{ counted.stdout }}", dest: "{{ out }}/count"}
                - name: only when five
                  copy: {content: "yes", dest: "{{ out }}/five"}
                  when: counted.stdout == "5"
                - name: never
                  copy: {content: "no", dest: "{{ out }}/six"}
                  when: counted.stdout == "6"
                """);
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("5", Files.readString(out.resolve("count")));
        assertEquals("yes", Files.readString(out.resolve("five")));
        assertFalse(Files.exists(out.resolve("six")));
        assertEquals(Status.SKIPPED, run.results("never").get(0).status());
        assertEquals(1, run.sessions("local"));
    }

    @Test
    void theFirstFailureStopsTheHostUnlessItIsIgnored() throws Exception {
        RealEngine.Run stopped = play("""
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: fails
                  command: "false"
                - name: after
                  copy: {content: "ran", dest: "{{ out }}/after"}
                """);
        assertEquals(Outcome.HOST_FAILED, stopped.outcome());
        assertFalse(Files.exists(out.resolve("after")), "nothing runs after a failed task");
        assertEquals(1, stopped.stats("local").failed());
        assertTrue(stopped.results("after").isEmpty());

        RealEngine.Run ignored = play("""
                - name: fails
                  command: "false"
                  ignore_errors: true
                - name: after
                  copy: {content: "ran", dest: "{{ out }}/after"}
                """);
        assertEquals(Outcome.OK, ignored.outcome(), ignored.json());
        assertEquals("ran", Files.readString(out.resolve("after")));
        assertEquals(1, ignored.stats("local").ignored());
    }

    @Test
    void failedWhenIsJudgedBeforeTheNextTaskRuns() throws Exception {
        RealEngine.Run run = play("""
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: fails but is fine
                  command: "false"
                  failed_when: false
                - name: after
                  copy: {content: "ran", dest: "{{ out }}/after"}
                - name: succeeds but is a failure
                  command: "true"
                  failed_when: true
                - name: never
                  copy: {content: "ran", dest: "{{ out }}/never"}
                """);
        assertEquals(Outcome.HOST_FAILED, run.outcome(), run.json());
        assertEquals("ran", Files.readString(out.resolve("after")));
        assertFalse(Files.exists(out.resolve("never")));
    }

    @Test
    void aTaskPastTheTimeoutEndsWithItsSessionAndTheNextOneRunsInANewOne() throws Exception {
        long started = System.nanoTime();
        RealEngine.Run run = play("""
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: hangs
                  shell: "sleep 60; touch {{ out }}/slept"
                  ignore_errors: true
                - name: after
                  copy: {content: "ran", dest: "{{ out }}/after"}
                """, Duration.ofSeconds(2));
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertTrue(seconds < 15, "ended at its deadline, not after 60 s: " + seconds + " s");
        Event.HostResult hung = run.results("hangs").get(0);
        assertEquals(Status.IGNORED, hung.status());
        assertTrue(hung.message().contains("timed out after 2 s"), hung.toString());
        assertEquals("ran", Files.readString(out.resolve("after")), "the task after the timed-out one still runs");
        assertFalse(Files.exists(out.resolve("slept")));
        assertEquals(2, run.sessions("local"));
    }

    @Test
    void ctrlCLetsTheRunningTaskEndAndStartsNoOther() throws Exception {
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: dir
                      file: {path: "{{ out }}", state: directory}
                    - name: slow
                      shell: "touch {{ out }}/slow-started; while [ ! -e {{ out }}/release ]; do sleep 0.05; done; touch {{ out }}/slow-done"
                    - name: after
                      copy: {content: "ran", dest: "{{ out }}/after"}
                """);
        RealEngine.Run run;
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            run = RealEngine.run(h, RealEngine.request(h, "site.yml", Map.of("out", out.toString()), Duration.ofMinutes(1)), connections,
                    runner -> {
                        // Ctrl-C while the slow task surely runs (it waits for our release), however busy the machine
                        try {
                            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                            while (!Files.exists(out.resolve("slow-started")) && System.nanoTime() < deadline) {
                                Thread.sleep(20);
                            }
                            runner.cancel();
                            Files.createFile(out.resolve("release"));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
        }
        assertEquals(Outcome.CANCELLED, run.outcome(), run.json());
        assertTrue(Files.exists(out.resolve("slow-done")), "the running task was not cut short");
        assertEquals(Status.CHANGED, run.results("slow").get(0).status());
        assertFalse(Files.exists(out.resolve("after")), "no task starts after Ctrl-C");
        assertTrue(run.results("after").isEmpty());
    }

    @Test
    void scriptsTravelOnTheSessionsStdinSoTheirDataNeverShowsInTheProcessList() throws Exception {
        RealEngine.Run run = play("""
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: settings, one by one
                  lineinfile: {path: "{{ out }}/app.ini", line: "{{ item }}", create: true}
                  loop: ["user=app", "password=s3cr3t-in-ps"]
                - name: retried
                  lineinfile: {path: "{{ out }}/app.ini", line: "key=third-s3cr3t"}
                  register: retried
                  until: retried is succeeded
                  retries: 1
                - name: one more
                  lineinfile: {path: "{{ out }}/app.ini", line: "token=another-s3cr3t"}
                """);
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("user=app\npassword=s3cr3t-in-ps\nkey=third-s3cr3t\ntoken=another-s3cr3t\n", Files.readString(out.resolve("app.ini")));
        assertTrue(run.commandLineScripts().stream().noneMatch(s -> s.contains("s3cr3t")), run.commandLineScripts().toString());
        assertEquals(1, run.sessions("local"));
    }

    /** What a run showed, without timings: each task's header and each host's status, hosts in name order. */
    private static List<String> outline(RealEngine.Run run) {
        List<String> lines = new java.util.ArrayList<>();
        List<String> group = new java.util.ArrayList<>();
        for (Event event : run.events()) {
            if (event instanceof Event.TaskStarted started) {
                group.sort(null);
                lines.addAll(group);
                group.clear();
                lines.add("task " + started.name() + " on " + started.hosts().stream().sorted().toList());
            } else if (event instanceof Event.HostResult result) {
                group.add("  " + result.host() + " " + result.status() + (result.item() == null ? "" : " " + result.item())
                        + " " + result.data().getOrDefault("rc", ""));
            }
        }
        group.sort(null);
        lines.addAll(group);
        lines.add("recap " + new java.util.TreeMap<>(run.stats()));
        return lines;
    }

    @Test
    void sessionsChangeNothingButTheCost() throws Exception {
        h = new EngineHarness(dir);
        h.inventory.group("here", "one", "two").var("one", "ansible_connection", "local").var("two", "ansible_connection", "local")
                .var("one", "probe_value", 3).var("two", "probe_value", 4)
                .var("one", "in_block", "false").var("two", "in_block", "true")
                .var("one", "at_end", "true").var("two", "at_end", "false");
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  vars: {mine: "{{ out }}/{{ inventory_hostname }}"}
                  tasks:
                    - name: dir
                      file: {path: "{{ mine }}", state: directory}
                    - name: probe
                      shell: "echo {{ probe_value }}"
                      register: probe
                    - name: only on four
                      copy: {content: "four", dest: "{{ mine }}/four"}
                      when: probe.stdout == "4"
                    - name: copy the probe
                      copy: {content: "{{ probe.stdout }}", dest: "{{ mine }}/probe"}
                    - name: remember
                      set_fact: {doubled: "{{ probe.stdout }}{{ probe.stdout }}"}
                    - name: show
                      debug: {msg: "{{ doubled }}"}
                    - name: line
                      lineinfile: {path: "{{ mine }}/conf", line: "x={{ doubled }}", create: true}
                      notify: note
                    - name: looped lines
                      lineinfile: {path: "{{ mine }}/conf", line: "{{ item }}"}
                      loop: ["a=1", "b=2", "skip=me"]
                      when: item != "skip=me"
                    - name: looped commands, one fails
                      command: "{{ item }}"
                      loop: ["true", "false", "true"]
                      ignore_errors: true
                      register: looped
                    - name: tolerated failure
                      command: "false"
                      ignore_errors: true
                      register: tolerated
                    - name: judged fine
                      command: "false"
                      failed_when: false
                    - block:
                        - name: in block
                          copy: {content: "b", dest: "{{ mine }}/b"}
                        - name: breaks on one
                          command: "{{ in_block }}"
                        - name: rest of block
                          copy: {content: "x", dest: "{{ mine }}/rest"}
                      rescue:
                        - name: rescued
                          copy: {content: "r", dest: "{{ mine }}/rescued"}
                      always:
                        - name: always
                          copy: {content: "a", dest: "{{ mine }}/always"}
                    - name: look
                      stat: {path: "{{ mine }}/rescued"}
                      register: st
                    - name: check
                      assert: {that: ["tolerated.rc == 1", "st.stat.exists == (inventory_hostname == 'one')", "looped.results | length == 3"]}
                    - name: fails on two
                      command: "{{ at_end }}"
                    - name: last
                      copy: {content: "end", dest: "{{ mine }}/end"}
                  handlers:
                    - name: note
                      copy: {content: "handled", dest: "{{ mine }}/handled"}
                """);
        List<List<String>> outlines = new java.util.ArrayList<>();
        List<String> files = new java.util.ArrayList<>();
        for (boolean sessions : new boolean[] {true, false}) {
            deleteTree(out);
            RunRequest.Builder options = RealEngine.request(h, "site.yml", Map.of("out", out.toString()), Duration.ofMinutes(1)).sessions(sessions);
            for (int run = 1; run <= 2; run++) {
                RealEngine.Run result;
                try (SshConnectionFactory connections = new SshConnectionFactory()) {
                    result = RealEngine.run(h, options, connections);
                }
                assertEquals(Outcome.HOST_FAILED, result.outcome(), result.json());
                outlines.add(outline(result));
                assertEquals(sessions ? 1 : 0, result.sessions("one"));
                assertEquals(sessions, result.commandLineScripts().isEmpty(), result.commandLineScripts().toString());
            }
            try (var walk = Files.walk(out)) {
                files.add(walk.sorted().map(p -> out.relativize(p) + (Files.isRegularFile(p) ? "=" + read(p) : "")).toList().toString());
            }
        }
        assertEquals(outlines.get(2), outlines.get(0), "first runs");
        assertEquals(outlines.get(3), outlines.get(1), "second runs");
        assertEquals(files.get(1), files.get(0));
        // the second run: only the commands changed (the one judged fine by failed_when too, as in ansible-playbook);
        // one was rescued, two failed at its last task
        assertTrue(outlines.get(1).contains("recap {one=HostStats[ok=15, changed=3, unreachable=0, failed=0, skipped=1, rescued=1, ignored=2], "
                + "two=HostStats[ok=15, changed=3, unreachable=0, failed=1, skipped=0, rescued=0, ignored=2]}"), outlines.get(1).toString());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void aLoopRunsEveryItemAndFailsAfterItsLastItem() throws Exception {
        RealEngine.Run run = play("""
                - name: dirs
                  file: {path: "{{ out }}/{{ item }}", state: directory}
                  loop: [a, b, c]
                - name: commands
                  shell: "{{ item }}"
                  loop: ["touch {{ out }}/one", "exit 3", "touch {{ out }}/three"]
                  register: commands
                - name: after the loop
                  copy: {content: "x", dest: "{{ out }}/after"}
                """);
        assertEquals(Outcome.HOST_FAILED, run.outcome(), run.json());
        assertTrue(Files.isDirectory(out.resolve("c")));
        assertTrue(Files.exists(out.resolve("one")) && Files.exists(out.resolve("three")), "a failed item does not stop its loop");
        assertFalse(Files.exists(out.resolve("after")), "the failed loop stops the host");
        assertEquals(6, run.roundTrips("local"), "one per loop item; the task after the loop does not run");
        assertEquals(1, run.sessions("local"));
        List<Status> items = run.events().stream()
                .filter(e -> e instanceof Event.HostResult r && r.task().equals("commands") && r.item() != null)
                .map(e -> ((Event.HostResult) e).status()).toList();
        assertEquals(List.of(Status.CHANGED, Status.FAILED, Status.CHANGED), items);
        Event.HostResult summary = run.results("commands").get(0);
        assertEquals(Status.FAILED, summary.status());
        assertTrue(summary.loopSummary());

        RealEngine.Run again = play("""
                - name: dirs
                  file: {path: "{{ out }}/{{ item }}", state: directory}
                  loop: [a, b, c]
                - name: only b
                  copy: {content: "{{ item }}", dest: "{{ out }}/{{ item }}/file"}
                  loop: [a, b, c]
                  when: item == "b"
                  register: copied
                - name: uses the loop's result
                  copy: {content: "{{ copied.results | length }}", dest: "{{ out }}/count"}
                """);
        assertEquals(Outcome.OK, again.outcome(), again.json());
        assertEquals(0, again.results("dirs").stream().filter(r -> r.status() == Status.CHANGED).count(), "the directories were there");
        assertTrue(Files.exists(out.resolve("b/file")) && !Files.exists(out.resolve("a/file")));
        assertEquals("3", Files.readString(out.resolve("count")));
    }

    @Test
    void noHostStartsATaskBeforeEveryHostHasFinishedThePreviousOne() throws Exception {
        h = new EngineHarness(dir);
        h.inventory.group("here", "one", "two").var("one", "ansible_connection", "local").var("two", "ansible_connection", "local");
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: dir
                      file: {path: "{{ out }}", state: directory}
                    - name: the first node starts slowly
                      shell: "sleep 1; touch {{ out }}/started"
                      when: inventory_hostname == "one"
                    - name: the others join it
                      shell: "test -f {{ out }}/started"
                      when: inventory_hostname != "one"
                """);
        RealEngine.Run run;
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            run = RealEngine.run(h, RealEngine.request(h, "site.yml", Map.of("out", out.toString()), Duration.ofMinutes(1)), connections);
        }
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals(Status.CHANGED, run.results("the others join it").stream().filter(r -> r.host().equals("two")).findFirst().orElseThrow().status());
    }

    @Test
    void contentThatCannotRideInTheSessionGoesAsACommandOfItsOwn() throws Exception {
        String big = "x".repeat(300 * 1024) + "\n";
        RealEngine.Run run = play("""
                - name: dir
                  file: {path: "{{ out }}", state: directory}
                - name: big
                  copy: {content: "{{ big }}", dest: "{{ out }}/big"}
                - name: small
                  copy: {content: "small", dest: "{{ out }}/small"}
                """.replace("{{ big }}", big.strip()));
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals(300 * 1024, Files.size(out.resolve("big")));
        assertEquals("small", Files.readString(out.resolve("small")));
        assertEquals(1, run.commandLineScripts().size(), "only the large copy's script went as a command");
        assertFalse(run.commandLineScripts().get(0).contains("xxxxxxxx"), "its content went on stdin, not in the command line");
        assertEquals(1, run.sessions("local"));
    }
}
