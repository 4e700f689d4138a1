package dev.muster.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStateTest {

    static final String REGISTRY = """
            {"nodes":[
              {"node":"hosta","uuid":"u-a","status":"alive","enabled":true,"capacity":8,"configured_capacity":8,
               "heartbeat":"2026-12-02 05:00:00+00","heartbeat_age_s":3.2,"version":"0.1.0"},
              {"node":"hostb","uuid":"u-b","status":"lost","enabled":true,"capacity":0,"configured_capacity":8,
               "heartbeat":"2026-12-02 04:58:00+00","heartbeat_age_s":125.0,"version":"0.1.0"},
              {"node":"hostc","uuid":"u-c","status":"disabled","enabled":false,"capacity":0,"configured_capacity":8,
               "heartbeat":"2026-12-02 05:00:01+00","heartbeat_age_s":2.0,"version":"0.1.0"}],
             "deprovisioned":[{"node":"hostd","uuid":"u-d","deprovisioned_at":"2026-12-02 04:00:00+00","reason":"r"},
                              {"node":"hostc","uuid":"u-c-old","deprovisioned_at":"2026-12-02 03:00:00+00","reason":"r"}]}
            """;
    static final String RABBIT = """
            {"cluster_name":"rabbit@hosta","disk_nodes":["rabbit@hosta","rabbit@hostb","rabbit@hostc","rabbit@stray"],
             "ram_nodes":[],"running_nodes":["rabbit@hosta","rabbit@hostc","rabbit@stray"],"partitions":{}}
            """;

    static ClusterState state() {
        return ClusterState.parse("hosta", REGISTRY, 0, RABBIT, "");
    }

    @Test
    void parsesTheRegistryAndTheMembership() {
        ClusterState s = state();
        assertEquals(List.of("hosta", "hostb", "hostc"), s.names());
        assertTrue(s.node("hostb").orElseThrow().lost());
        assertEquals(8, s.node("hostc").orElseThrow().configuredCapacity());
        assertEquals(0, s.node("hostc").orElseThrow().capacity());
        assertTrue(s.rabbit().known());
        assertEquals("rabbit@hosta", s.rabbit().clusterName());
        assertEquals("running", s.membership(List.of("hosta")));
        assertEquals("stopped", s.membership(List.of("hostb")));
        assertEquals("not a member", s.membership(List.of("hostx")));
    }

    @Test
    void aNameRegisteredAgainIsNotDeprovisioned() {
        ClusterState s = state();
        assertTrue(s.gone("hostd").isPresent(), "tombstoned and not registered");
        assertEquals("u-d", s.gone("hostd").orElseThrow().uuid());
        assertFalse(s.gone("hostc").isPresent(), "hostc was deprovisioned once but is registered again (a new node)");
        assertFalse(s.gone("nosuch").isPresent());
    }

    @Test
    void rabbitNamesMatchShortLongAndExplicitNames() {
        assertEquals(List.of("hostb"), ClusterState.rabbitCandidates("hostb", null));
        assertEquals(List.of("hostb.lab.test", "hostb"), ClusterState.rabbitCandidates("hostb.lab.test", ""));
        assertEquals(List.of("10.0.0.5"), ClusterState.rabbitCandidates("10.0.0.5", null), "an address has no short form");
        assertEquals(List.of("mq-b", "hostb"), ClusterState.rabbitCandidates("hostb", "mq-b"));
        ClusterState s = ClusterState.parse("hosta", REGISTRY, 0,
                "{\"disk_nodes\":[\"rabbit@hostb.lab.test\",\"rabbit@mq-c\"],\"running_nodes\":[]}", "");
        assertEquals("rabbit@hostb.lab.test", s.memberOf(ClusterState.rabbitCandidates("hostb.lab.test", null)));
        assertEquals("rabbit@mq-c", s.memberOf(ClusterState.rabbitCandidates("hostc", "mq-c")));
        assertNull(s.memberOf(ClusterState.rabbitCandidates("hostc", null)));
    }

    @Test
    void aBrokerThatDoesNotAnswerIsUnknownNotEmpty() {
        ClusterState s = ClusterState.parse("hosta", REGISTRY, 69, "", "Error: unable to perform an operation on node 'rabbit@hosta'\nmore");
        assertFalse(s.rabbit().known());
        assertEquals("rabbitmqctl cluster_status failed (exit 69): Error: unable to perform an operation on node 'rabbit@hosta'",
                s.rabbit().error());
        assertEquals("unknown", s.membership(List.of("hosta")));
        assertFalse(ClusterState.parse("hosta", REGISTRY, 0, "garbage", "").rabbit().known());
    }

    @Test
    void aRegistryThatIsNotJsonIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClusterState.parse("hosta", "muster-node: error: ...", 0, RABBIT, ""));
        assertTrue(e.getMessage().contains("muster-node: error"), e.getMessage());
    }
}
