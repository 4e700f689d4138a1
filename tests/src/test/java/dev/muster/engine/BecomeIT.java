package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sudo with a password, as an unprivileged user: the password comes from a file, works, and is never shown. */
@LabHosts(1)
class BecomeIT {

    private static final String PASSWORD = "Sud0-Pa55-for-deployer";

    @TempDir
    Path work;

    @Test
    void becomeWithAPasswordFromAFile(Lab lab) {
        String host = lab.hosts().get(0);
        assertEquals(0, lab.exec(host, "sh -c " + dev.muster.shell.Shell.quote("""
                set -e
                id deployer >/dev/null 2>&1 || useradd -m -s /bin/sh deployer
                echo 'deployer:%s' | chpasswd
                echo 'deployer ALL=(ALL) ALL' > /etc/sudoers.d/deployer
                mkdir -p ~deployer/.ssh && cp /root/.ssh/authorized_keys ~deployer/.ssh/ && chown -R deployer: ~deployer/.ssh
                rm -f /root/engine-become.txt
                """.formatted(PASSWORD))).exitCode());
        Path inventory = MusterCli.inventory(lab, work, List.of(), host + " ansible_host=" + lab.address(host) + " ansible_user=deployer");
        Path playbook = MusterCli.write(work, "site.yml", """
                - hosts: all
                  become: true
                  tasks:
                    - name: who
                      command: id -un
                      register: who
                    - copy: {content: "{{ who.stdout }}\\n", dest: /root/engine-become.txt}
                    - name: not as root
                      command: id -un
                      become: false
                      register: plain
                    - assert: {that: ["who.stdout == 'root'", "plain.stdout == 'deployer'"]}
                """);
        Path good = MusterCli.write(work, "password", PASSWORD + "\n");
        MusterCli.Result result = MusterCli.playWith(lab, work, playbook, inventory, "--become-password-file", good.toString(), "-vvv");
        assertEquals(0, result.exit(), result.toString());
        assertEquals("root\n", lab.exec(host, "cat /root/engine-become.txt").stdout());
        assertFalse(result.out().contains(PASSWORD) || result.err().contains(PASSWORD) || result.log().contains(PASSWORD), result.toString());

        lab.exec(host, "rm -f /root/engine-become.txt");
        Path bad = MusterCli.write(work, "wrong", "not-the-password\n");
        MusterCli.Result wrong = MusterCli.playWith(lab, work, playbook, inventory, "--become-password-file", bad.toString());
        assertNotEquals(0, wrong.exit(), wrong.toString());
        assertTrue(wrong.out().contains("FAILED!") || wrong.out().contains("UNREACHABLE!"), wrong.out());
        assertEquals(1, lab.exec(host, "test -e /root/engine-become.txt").exitCode(), "nothing was changed with a wrong password");
        assertFalse(wrong.out().contains("not-the-password"), wrong.out());
    }
}
