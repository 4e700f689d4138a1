package dev.muster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void hostsHaveNoRouteOutButReachTheMachine(Lab lab) {
        ExecResult routes = lab.exec("hosta", "ip -4 route show default; ip -6 route show default");
        assertEquals("", routes.stdout().strip(), "default route in a lab host");
        assertEquals(0, lab.exec("hosta", "ping -c1 -W2 " + lab.gateway()).exitCode(), "gateway reachable");
    }

    /**
     * The machine's drop rule, not the lack of a route or of forwarding, keeps a lab host from
     * what lies beyond the bridge: a listener outside the bridge answers the machine and traffic
     * the machine routes to it from elsewhere, while a lab host routed to it through the machine
     * gets no answer at all. (Without the rule the host is answered: this test then fails.)
     */
    @Test
    void theMachineDropsWhatALabHostSendsBeyondTheBridge(Lab lab) {
        try (OutsideNetwork outside = OutsideNetwork.beside(lab)) {
            assertEquals(OutsideNetwork.GREETING, outside.greetingToTheMachine(), "positive control: the machine reaches the listener");
            assertEquals(OutsideNetwork.GREETING, outside.greetingThroughTheMachine(), "positive control: the machine forwards to the listener");
            lab.exec("hosta", "ip route add default via " + lab.gateway());
            try {
                ExecResult r = lab.exec("hosta", "timeout 10 bash -c "
                        + Shell.quote("exec 3<>/dev/tcp/" + outside.address() + "/" + outside.port() + " && head -n1 <&3"));
                assertFalse(r.stdout().contains(OutsideNetwork.GREETING), "a lab host reached the listener outside the bridge");
                // 124: timeout ended a connection nobody answered (dropped); a missing route or disabled
                // forwarding would be refused at once with another code, and would prove nothing
                assertEquals(124, r.exitCode(), () -> "not dropped but refused: " + r.stderr());
            } finally {
                lab.exec("hosta", "ip route del default");
            }
        }
        assertTrue(lab.exec("hosta", "ip -4 route show default").stdout().isBlank());
    }

    static String tcp(String host, int port) {
        return "timeout 3 bash -c " + Shell.quote("</dev/tcp/" + host + "/" + port);
    }
}
