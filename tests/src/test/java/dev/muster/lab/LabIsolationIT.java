package dev.muster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.muster.connection.ExecResult;
import org.junit.jupiter.api.Test;

/** Hosts are separate machines: their own disk, processes, identity. */
@LabHosts(2)
class LabIsolationIT {

    @Test
    void aFileOnOneHostIsInvisibleOnAnother(Lab lab) {
        String marker = "/root/isolation-" + System.nanoTime();
        assertEquals(0, lab.exec("hosta", "echo mine > " + marker).exitCode());
        assertEquals("mine", lab.exec("hosta", "cat " + marker).stdout().strip(), "positive control");
        assertEquals(1, lab.exec("hostb", "test -e " + marker).exitCode(), "hostb sees hosta's file");
        lab.exec("hosta", "rm -f " + marker);
    }

    @Test
    void aProcessOnOneHostIsInvisibleOnAnother(Lab lab) {
        assertEquals(0, lab.exec("hosta", "setsid sleep 4242 </dev/null >/dev/null 2>&1 &").exitCode());
        try {
            assertEquals(0, lab.exec("hosta", "pgrep -f '^sleep 4242$'").exitCode(), "positive control");
            assertEquals(1, lab.exec("hostb", "pgrep -f '^sleep 4242$'").exitCode(), "hostb sees hosta's process");
        } finally {
            lab.exec("hosta", "pkill -f '^sleep 4242$'");
        }
    }

    @Test
    void eachHostsSystemdManagesOnlyItsOwnUnits(Lab lab) {
        // hosts share one kernel: if they shared a cgroup tree, one host's systemd would reap another's unit cgroups
        String cgroupB = lab.exec("hostb", "cat /proc/1/cgroup | grep '^0::'").stdout().strip();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, lab.exec("hosta", "systemctl restart ssh").exitCode(), "restart ssh on hosta");
        }
        assertEquals(0, lab.exec("hosta", "systemctl stop ssh").exitCode());
        try {
            assertEquals("inactive", lab.exec("hosta", "systemctl is-active ssh").stdout().strip());
            assertEquals("active", lab.exec("hostb", "systemctl is-active ssh").stdout().strip(), "hostb's sshd after hosta's stop");
            assertTrue(lab.exec("hostb", "cat /proc/$(systemctl show -p MainPID --value ssh)/cgroup").stdout()
                    .contains("/system.slice/ssh.service"), "hostb's sshd still in its ssh.service cgroup");
            assertEquals(0, lab.ssh("hostb", "true").exitCode(), "ssh to hostb");
        } finally {
            lab.exec("hosta", "systemctl start ssh");
        }
        assertEquals(cgroupB, lab.exec("hostb", "cat /proc/1/cgroup | grep '^0::'").stdout().strip());
        for (String h : lab.hosts()) {
            assertEquals("running", lab.exec(h, "systemctl is-system-running").stdout().strip(),
                    () -> h + " failed units: " + lab.exec(h, "systemctl --failed --no-legend").stdout());
        }
    }

    @Test
    void eachHostHasItsOwnIdentityAndRealSystemd(Lab lab) {
        ExecResult a = lab.exec("hosta", "hostname; cat /etc/machine-id; cat /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2");
        ExecResult b = lab.exec("hostb", "hostname; cat /etc/machine-id; cat /etc/ssh/ssh_host_ed25519_key.pub | cut -d' ' -f2");
        var la = a.stdout().lines().toList();
        var lb = b.stdout().lines().toList();
        assertEquals("hosta", la.get(0));
        assertEquals("hostb", lb.get(0));
        assertNotEquals(la.get(1), lb.get(1), "machine-id");
        assertNotEquals(la.get(2), lb.get(2), "ssh host key");
        assertEquals("systemd", lab.exec("hostb", "cat /proc/1/comm").stdout().strip());
        assertEquals("active", lab.exec("hostb", "systemctl is-active ssh").stdout().strip());
    }
}
