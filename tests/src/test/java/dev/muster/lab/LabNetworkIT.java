package dev.muster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.ExecResult;
import dev.muster.shell.Shell;
import org.junit.jupiter.api.Test;

/** Hosts find each other by name and reach each other and the machine, and nothing else. */
@LabHosts(3)
class LabNetworkIT {

    @Test
    void everyHostResolvesEveryOtherByShortNameAndFqdn(Lab lab) {
        for (String from : lab.hosts()) {
            for (String to : lab.hosts()) {
                for (String name : new String[] {to, to + "." + lab.domain()}) {
                    ExecResult r = lab.exec(from, "getent hosts " + Shell.quote(name));
                    assertEquals(0, r.exitCode(), from + " resolving " + name);
                    assertEquals(lab.address(to), r.stdout().trim().split("\\s+")[0], from + " resolving " + name);
                }
            }
        }
        assertEquals("hostb." + lab.domain(), lab.exec("hostb", "hostname -f").stdout().strip());
    }

    @Test
    void hostsReachEachOtherByNameOverTcpAndPing(Lab lab) {
        assertEquals(0, lab.exec("hosta", tcp("hostc." + lab.domain(), 22)).exitCode(), "hosta -> hostc:22");
        assertEquals(0, lab.exec("hostc", "ping -c1 -W2 hosta").exitCode(), "hostc ping hosta");
    }

    @Test
    void nothingOutsideTheBridgeIsReachable(Lab lab) throws Exception {
        ExecResult routes = lab.exec("hosta", "ip -4 route show default; ip -6 route show default");
        assertEquals("", routes.stdout().strip(), "default route in a lab host");
        // positive control: the machine's own bridge address answers
        assertEquals(0, lab.exec("hosta", "ping -c1 -W2 " + lab.gateway()).exitCode(), "gateway reachable");

        // deb.debian.org as the machine resolves it (the machine can reach it: apt works here)
        String outside = java.net.InetAddress.getByName("deb.debian.org").getHostAddress();
        ExecResult out = lab.exec("hosta", "curl -sS -m 5 -o /dev/null http://" + outside + "/debian/");
        assertNotEquals(0, out.exitCode(), "deb.debian.org (" + outside + ") reachable from a lab host");
        ExecResult byName = lab.exec("hosta", "curl -sS -m 5 -o /dev/null http://deb.debian.org/debian/");
        assertNotEquals(0, byName.exitCode(), "deb.debian.org reachable by name");
        // even with a route added inside the host, the machine does not forward lab traffic out
        lab.exec("hosta", "ip route add default via " + lab.gateway());
        try {
            ExecResult routed = lab.exec("hosta", "curl -sS -m 5 -o /dev/null http://" + outside + "/debian/");
            assertNotEquals(0, routed.exitCode(), "traffic routed out through the machine");
        } finally {
            lab.exec("hosta", "ip route del default");
        }
        assertTrue(lab.exec("hosta", "ip -4 route show default").stdout().isBlank());
    }

    static String tcp(String host, int port) {
        return "timeout 3 bash -c " + Shell.quote("</dev/tcp/" + host + "/" + port);
    }
}
