package dev.muster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each fault does what it says, checked with traffic between hosts; each test leaves the lab healed. */
@LabHosts(3)
class LabFaultsIT {

    @Test
    void killStopsHardAndStartBootsWithTheDiskKept(Lab lab) {
        assertEquals(0, lab.exec("hostc", "echo survived > /root/kept && sync").exitCode());
        lab.kill("hostc");
        assertFalse(lab.status().get("hostc").running(), "hostc after kill");
        assertNotEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostc", 22)).exitCode(), "hostc answers after kill");
        assertThrows(LabException.class, () -> lab.exec("hostc", "true"), "exec on a killed host");

        lab.start("hostc");
        assertTrue(lab.status().get("hostc").running());
        assertEquals("survived", lab.exec("hostc", "cat /root/kept").stdout().strip(), "disk kept");
        assertEquals(0, lab.ssh("hostc", "true").exitCode(), "ssh after start");
        assertEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostc", 22)).exitCode());
    }

    @Test
    void partitionCutsTwoHostsApartAndHealJoinsThem(Lab lab) {
        try {
            lab.partition("hosta", "hostb");
            assertNotEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostb", 22)).exitCode(), "a -> b while partitioned");
            assertNotEquals(0, lab.exec("hostb", "ping -c1 -W1 hosta").exitCode(), "b -> a while partitioned");
            assertEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostc", 22)).exitCode(), "a -> c is not affected");
            assertEquals(0, lab.exec("hostb", LabNetworkIT.tcp("hostc", 22)).exitCode(), "b -> c is not affected");
        } finally {
            lab.heal();
        }
        assertEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostb", 22)).exitCode(), "a -> b after heal");
        assertEquals(0, lab.exec("hostb", "ping -c1 -W2 hosta").exitCode(), "b -> a after heal");
    }

    @Test
    void isolateUnplugsAHostAndRejoinPlugsItBack(Lab lab) {
        try {
            lab.isolate("hostc");
            assertTrue(lab.status().get("hostc").isolated());
            assertNotEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostc", 22)).exitCode(), "a -> c while isolated");
            assertNotEquals(0, lab.exec("hostc", "ping -c1 -W1 hostb").exitCode(), "c -> b while isolated");
            assertNotEquals(0, lab.ssh("hostc", "true").exitCode(), "machine -> c while isolated");
            assertEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostb", 22)).exitCode(), "a -> b is not affected");
        } finally {
            lab.rejoin("hostc");
        }
        assertFalse(lab.status().get("hostc").isolated());
        assertEquals(0, lab.exec("hosta", LabNetworkIT.tcp("hostc", 22)).exitCode(), "a -> c after rejoin");
        assertEquals(0, lab.ssh("hostc", "true").exitCode(), "machine -> c after rejoin");
    }

    @Test
    void resetGivesAFreshDiskAndANewHostKey(Lab lab) {
        String keyBefore = lab.exec("hostb", "cat /etc/ssh/ssh_host_ed25519_key.pub").stdout();
        assertEquals(0, lab.exec("hostb", "touch /root/dirty").exitCode());
        lab.reset("hostb");
        assertEquals(1, lab.exec("hostb", "test -e /root/dirty").exitCode(), "file survived reset");
        assertNotEquals(keyBefore, lab.exec("hostb", "cat /etc/ssh/ssh_host_ed25519_key.pub").stdout());
        assertEquals(0, lab.ssh("hostb", "true").exitCode(), "ssh with the refreshed known_hosts");
        assertEquals(0, lab.exec("hosta", "getent hosts hostb").exitCode());
    }

    @Test
    void badUsageIsAClearLabError(Lab lab) {
        LabException e = assertThrows(LabException.class, () -> lab.exec("nosuchhost", "true"));
        assertTrue(e.getMessage().contains("bad host name 'nosuchhost'"), e.getMessage());
        LabException e2 = assertThrows(LabException.class, () -> lab.partition("hosta", "hosta"));
        assertTrue(e2.getMessage().contains("two different hosts"), e2.getMessage());
    }
}
