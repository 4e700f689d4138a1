package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets used for real on a host never appear in the console (even -vvv and --diff), JSON lines or the log. */
@LabHosts(1)
class SecretsIT {

    private static final String RABBIT = "rabbit-S3cr3t-4711";
    private static final String ADMIN = "admin-Pa55-0815";
    private static final String NOLOG = "only-for-no-log-9999";

    @TempDir
    Path work;

    @Test
    void secretsAreMaskedEverywhere(Lab lab) {
        String host = lab.hosts().get(0);
        lab.exec(host, "rm -rf /tmp/engine-secrets");
        Path playbook = MusterCli.write(work, "site.yml", """
                - hosts: all
                  gather_facts: false
                  vars:
                    rabbitmq_password: %s
                  tasks:
                    - file: {path: /tmp/engine-secrets, state: directory}
                    - name: config with secrets
                      copy:
                        dest: /tmp/engine-secrets/app.conf
                        content: "rabbit={{ rabbitmq_password }}\\nadmin={{ admin_password }}\\n"
                    - name: echo them
                      command: "echo {{ rabbitmq_password }} {{ admin_password }}"
                      register: echoed
                    - debug: {var: echoed}
                    - debug: {msg: "the password is {{ rabbitmq_password }}"}
                    - name: hidden
                      shell: "echo %s; echo %s >&2"
                      no_log: true
                    - name: a failure that prints it
                      fail: {msg: "cannot log in with {{ admin_password }}"}
                      ignore_errors: true
                """.formatted(RABBIT, NOLOG, NOLOG));
        MusterCli.Result console = MusterCli.play(lab, work, playbook, "-e", "admin_password=" + ADMIN, "-vvv", "--diff");
        MusterCli.Result json = MusterCli.play(lab, work, playbook, "-e", "admin_password=" + ADMIN, "--json", "-vvv");
        assertEquals(0, console.exit(), console.toString());
        assertEquals(0, json.exit(), json.toString());
        assertEquals("rabbit=" + RABBIT + "\nadmin=" + ADMIN + "\n", lab.exec(host, "cat /tmp/engine-secrets/app.conf").stdout(),
                "the secrets were really used");
        for (MusterCli.Result result : new MusterCli.Result[] {console, json}) {
            for (String output : new String[] {result.out(), result.err(), result.log()}) {
                assertFalse(output.contains(RABBIT), output);
                assertFalse(output.contains(ADMIN), output);
                assertFalse(output.contains(NOLOG), output);
            }
        }
        assertTrue(console.out().contains("********"), console.out());
        assertTrue(json.out().contains("no_log"), json.out());
        assertTrue(console.out().contains("script for"), "-vvv really shows scripts: " + console.out());
    }

    /**
     * A task's script carries its {@code environment:} exports; it must never be a command-line argument on the
     * target, where {@code ps} shows it to every user: not in a session, not with {@code --no-sessions}, not when a
     * large input makes the task a command of its own. The task lists the processes while it runs, its own
     * ancestors (the shells that run its script) included.
     */
    @Test
    void noScriptShowsOnTheTargetsCommandLine(Lab lab) {
        String host = lab.hosts().get(0);
        String large = "x".repeat(300 * 1024);
        Path playbook = MusterCli.write(work, "ps.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: list the processes while the secret is exported
                      shell: "ps -eo args > /tmp/engine-ps-{{ mode }}.txt"
                      environment:
                        PGPASSWORD: "{{ admin_password }}"
                    - name: a large input with the secret exported, as a command of its own
                      copy:
                        dest: /tmp/engine-large-{{ mode }}.txt
                        content: "%s"
                      environment:
                        PGPASSWORD: "{{ admin_password }}"
                """.formatted(large));
        for (String mode : new String[] {"sessions", "commands"}) {
            MusterCli.Result result = mode.equals("sessions")
                    ? MusterCli.play(lab, work, playbook, "-e", "admin_password=" + ADMIN, "-e", "mode=" + mode)
                    : MusterCli.play(lab, work, playbook, "-e", "admin_password=" + ADMIN, "-e", "mode=" + mode, "--no-sessions");
            assertEquals(0, result.exit(), result.toString());
            String processes = lab.exec(host, "cat /tmp/engine-ps-" + mode + ".txt").stdout();
            assertTrue(processes.contains("ps -eo args"), "the listing ran inside the task: " + processes);
            assertFalse(processes.contains(ADMIN), mode + ": the secret was on a command line:\n" + processes);
            assertEquals(String.valueOf(large.length()), lab.exec(host, "wc -c < /tmp/engine-large-" + mode + ".txt").stdout().trim());
        }
    }
}
