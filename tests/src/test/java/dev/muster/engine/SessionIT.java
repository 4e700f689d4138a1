package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shell sessions over real sshd: tasks run in one shell per host and sudo user, a task past --timeout ends with
 * everything it started, and the next task runs in a new session.
 */
@LabHosts(2)
class SessionIT {

    @TempDir
    Path work;

    @Test
    void aTaskPastItsTimeoutEndsWithAllItStartedAndTheRunGoesOn(Lab lab) throws Exception {
        for (String host : lab.hosts()) {
            lab.exec(host, "rm -rf /tmp/engine-session; pkill -f 'sleep 7[0-9]' || true");
        }
        Path playbook = MusterCli.write(work, "site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - file: {path: /tmp/engine-session, state: directory}
                    - name: hangs, with a child of its own
                      shell: "sleep 71 & sleep 72; touch /tmp/engine-session/never"
                      ignore_errors: true
                    - name: runs after it
                      copy: {content: "after", dest: /tmp/engine-session/after}
                    - name: as root through sudo, in a session of its own
                      command: id -u
                      become: true
                      register: uid
                    - assert: {that: ["uid.stdout == '0'"]}
                """);
        long started = System.nanoTime();
        MusterCli.Result result = MusterCli.play(lab, work, playbook, "--timeout", "3");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertEquals(0, result.exit(), result.toString());
        assertTrue(seconds < 40, "the hanging task ended at its deadline: " + seconds + " s");
        assertTrue(result.out().contains("timed out after 3 s"), result.out());
        for (String host : lab.hosts()) {
            assertEquals("after", lab.exec(host, "cat /tmp/engine-session/after").stdout());
            assertEquals(1, lab.exec(host, "test -e /tmp/engine-session/never").exitCode());
            assertEquals(1, lab.exec(host, "pgrep -f 'sleep 7[12]'").exitCode(), "the task's processes are gone on " + host);
        }
    }
}
