package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.SshConnectionFactory;
import dev.muster.executor.fakes.EngineHarness;
import dev.muster.executor.fakes.RealEngine;
import dev.muster.report.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with the real modules and templating on this machine's shell (the real local connection): real files, real sh. */
class LocalEndToEndTest {

    @TempDir
    Path dir;

    private static RealEngine.Run run(EngineHarness h, String playbook, Map<String, Object> extra) {
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            return RealEngine.run(h, RealEngine.request(h, playbook, extra, java.time.Duration.ofMinutes(1)), connections);
        }
    }

    @Test
    void convergesThenChangesNothingAndHostileValuesStayInert() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.inventory.group("here", "local").var("local", "ansible_connection", "local");
        Path out = dir.resolve("out");
        Path marker = dir.resolve("pwned");
        String hostile = "$(touch " + marker + ") `touch " + marker + "` '; touch " + marker + " # ü";
        h.write("roles/demo/defaults/main.yml", "greeting: hello\n");
        h.write("roles/demo/templates/app.conf", "greeting={{greeting}}\nhost={{inventory_hostname}}\nvalue={{hostile}}\n");
        h.write("roles/demo/tasks/main.yml", """
                - name: directory
                  file: {path: "{{ out }}", state: directory, mode: "0755"}
                - name: config from template
                  template: {src: app.conf, dest: "{{ out }}/app.conf", mode: "0640"}
                - name: plain copy
                  copy: {content: "{{ hostile }}\\n", dest: "{{ out }}/hostile.txt"}
                - name: look
                  stat: {path: "{{ out }}/app.conf"}
                  register: st
                - name: check
                  assert:
                    that: ["st.stat.exists"]
                - name: remember
                  set_fact: {seen: "{{ greeting }}-{{ inventory_hostname }}"}
                - name: say
                  debug: {msg: "{{ seen }}"}
                """);
        h.write("site.yml", "- hosts: here\n  gather_facts: false\n  roles: [demo]\n");
        Map<String, Object> extra = Map.of("out", out.toString(), "hostile", hostile, "db_password", "pa55-word-xyz");
        RealEngine.Run first = run(h, "site.yml", extra);
        assertEquals(Outcome.OK, first.outcome(), first.json());
        assertTrue(first.stats("local").changed() >= 3, first.json());
        assertEquals("greeting=hello\nhost=local\nvalue=" + hostile + "\n", Files.readString(out.resolve("app.conf")));
        assertEquals(hostile + "\n", Files.readString(out.resolve("hostile.txt")));
        assertFalse(Files.exists(marker), "hostile values are never run by a shell");
        RealEngine.Run second = run(h, "site.yml", extra);
        assertEquals(Outcome.OK, second.outcome(), second.json());
        assertEquals(0, second.stats("local").changed(), second.json());
        assertFalse(second.json().contains("pa55-word-xyz"));
        try (var files = Files.list(out)) {
            assertEquals(List.of("app.conf", "hostile.txt"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp files left");
        }
    }

    /** Ansible's omit: an argument that templates to omit is left out, as if not written (copy's mode here). */
    @Test
    void anArgumentThatIsOmitIsLeftOut() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.inventory.group("here", "local").var("local", "ansible_connection", "local");
        Path out = dir.resolve("out");
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - name: files with a mode only where given
                      copy:
                        content: "{{ item.content }}"
                        dest: "{{ out }}/{{ item.name }}"
                        mode: "{{ item.mode | default(omit) }}"
                      loop:
                        - {name: a.conf, content: "a", mode: "0600"}
                        - {name: b.conf, content: "b"}
                """);
        java.nio.file.Files.createDirectories(out);
        RealEngine.Run run = run(h, "site.yml", Map.of("out", out.toString()));
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a.conf"))));
        assertEquals("b", Files.readString(out.resolve("b.conf")));
        assertFalse(run.json().contains("__omit_place_holder__"), run.json());
    }

    /**
     * Connection variables from the default layer reach the connection, below the inventory's: a node's job gives
     * its credential's user and key that way (as ansible's -u and --private-key). Here the layer alone says the host
     * is reached locally; without it the engine would try SSH to a name that does not resolve.
     */
    @Test
    void theDefaultLayersConnectionVariablesReachTheConnection() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.inventory.group("here", "nowhere-host.invalid");
        h.write("site.yml", """
                - hosts: here
                  gather_facts: false
                  tasks:
                    - copy: {content: "reached", dest: "{{ out }}"}
                """);
        Path out = dir.resolve("reached.txt");
        RealEngine.Run run;
        try (SshConnectionFactory connections = new SshConnectionFactory()) {
            run = RealEngine.run(h, RealEngine.request(h, "site.yml", Map.of("out", out.toString()), java.time.Duration.ofMinutes(1))
                    .defaultVars(Map.of("ansible_connection", "local")), connections);
        }
        assertEquals(Outcome.OK, run.outcome(), run.json());
        assertEquals("reached", Files.readString(out));
    }
}
