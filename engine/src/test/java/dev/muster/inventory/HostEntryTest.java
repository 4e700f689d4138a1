package dev.muster.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Ports and ranges as Ansible's parse_address and expand_hostname_range treat them. */
class HostEntryTest {

    private static HostEntry.Expansion expand(String pattern) {
        return HostEntry.expand(pattern);
    }

    @Test
    void numericRangesKeepTheirPaddingAndStep() {
        assertEquals(List.of("node01", "node02", "node03"), expand("node[01:03]").hosts());
        assertEquals(List.of("w1", "w4", "w7", "w10"), expand("w[1:10:3]").hosts());
        assertEquals(List.of("0-tail", "1-tail", "2-tail"), expand("[:2]-tail").hosts(), "an empty begin is 0");
        assertEquals(List.of("r1-a", "r1-b", "r2-a", "r2-b"), expand("r[1:2]-[a:b]").hosts());
    }

    @Test
    void letterRangesRunThroughLowerThenUpperCase() {
        assertEquals(List.of("web-a", "web-b", "web-c"), expand("web-[a:c]").hosts());
        assertEquals(List.of("cy", "cz", "cA", "cB"), expand("c[y:B]").hosts());
        assertEquals(List.of("ma", "mf", "mk", "mp", "mu", "mz"), expand("m[a:z:5]").hosts());
    }

    @Test
    void portsAreSplitOnlyFromRealAddresses() {
        assertEquals(2222, expand("host.example.com:2222").port());
        assertEquals(List.of("10.0.0.1"), expand("10.0.0.1:22").hosts());
        assertEquals(List.of("fe80::1"), expand("[fe80::1]:2201").hosts());
        assertEquals(2201, expand("[fe80::1]:2201").port());
        assertEquals(null, expand("2001:db8::7").port(), "a bare IPv6 address has no port");
        assertEquals(List.of("trail_:2204"), expand("trail_:2204").hosts(), "not a host name: nothing is split off");
        assertEquals(List.of("node1", "node2"), expand("node[1:2]:2200").hosts());
        assertEquals(2200, expand("node[1:2]:2200").port());
    }

    @Test
    void hostListFormDoesNotExpandRanges() {
        assertEquals(List.of("web[1:3]"), HostEntry.addressOnly("web[1:3]").hosts());
        assertEquals(2222, HostEntry.addressOnly("10.0.0.5:2222").port());
    }

    @Test
    void badRangesAreRefused() {
        assertTrue(assertThrows(BadInventory.class, () -> expand("n[10:1]")).getMessage().contains("after its end"));
        assertTrue(assertThrows(BadInventory.class, () -> expand("n[f:a]")).getMessage().contains("after its end"));
        assertTrue(assertThrows(BadInventory.class, () -> expand("n[01:100]")).getMessage().contains("equal-length"));
        assertTrue(assertThrows(BadInventory.class, () -> expand("n[1:]")).getMessage().contains("end value"));
        assertTrue(assertThrows(BadInventory.class, () -> expand("n[1:3:0]")).getMessage().contains("step"));
        assertTrue(assertThrows(BadInventory.class, () -> expand("n[1:3")).getMessage().contains("invalid host range"));
    }
}
