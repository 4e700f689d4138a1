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
}
