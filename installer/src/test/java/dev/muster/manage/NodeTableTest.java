package dev.muster.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class NodeTableTest {

    private static final Function<String, List<String>> NAMES = n -> ClusterState.rabbitCandidates(n, null);

    @Test
    void theTableMarksLostNodesAndListsWhatDoesNotFit() {
        String table = NodeTable.render(ClusterStateTest.state(), NAMES, false);
        List<String> lines = table.lines().toList();
        assertEquals("NODE   STATUS    HEARTBEAT  CAPACITY  VERSION  RABBITMQ", lines.get(0));
        assertEquals("hosta  alive     3s ago     8         0.1.0    running", lines.get(1));
        assertEquals("hostb  LOST !    2m ago     0 (of 8)  0.1.0    stopped", lines.get(2));
        assertEquals("hostc  disabled  2s ago     0 (of 8)  0.1.0    running", lines.get(3));
        assertTrue(table.contains("! lost (no heartbeat): hostb"), table);
        assertTrue(table.contains("RabbitMQ members without a registered node: rabbit@stray"), table);
        assertTrue(table.contains("deprovisioned: hostd (2026-12-02 04:00:00+00), hostc ("), table);
        assertTrue(table.contains("as hosta sees them"), table);
        assertFalse(table.contains("\u001b"), "no colour off a terminal");
        String coloured = NodeTable.render(ClusterStateTest.state(), NAMES, true);
        assertTrue(coloured.contains("\u001b[31mhostb"), "lost in red");
    }

    @Test
    void jsonForScripts() {
        JsonNode doc = NodeTable.json(ClusterStateTest.state(), NAMES);
        assertEquals("hosta", doc.path("source").asText());
        assertEquals(3, doc.path("nodes").size());
        JsonNode b = doc.path("nodes").get(1);
        assertEquals("hostb", b.path("node").asText());
        assertEquals("lost", b.path("status").asText());
        assertEquals(125.0, b.path("heartbeat_age_s").asDouble());
        assertEquals("stopped", b.path("rabbitmq").path("membership").asText());
        assertEquals("rabbit@hostb", b.path("rabbitmq").path("name").asText());
        assertEquals("[\"rabbit@stray\"]", doc.path("rabbitmq").path("without_registered_node").toString());
        assertEquals(2, doc.path("deprovisioned").size());
        JsonNode unknown = NodeTable.json(ClusterState.parse("hosta", ClusterStateTest.REGISTRY, 2, "", "down"), NAMES);
        assertEquals("unknown", unknown.path("nodes").get(0).path("rabbitmq").path("membership").asText());
        assertTrue(unknown.path("rabbitmq").path("error").asText().contains("down"));
    }

    @Test
    void ages() {
        assertEquals("0s ago", NodeTable.age(0.2));
        assertEquals("119s ago", NodeTable.age(119));
        assertEquals("2m ago", NodeTable.age(120));
        assertEquals("2.0h ago", NodeTable.age(7200));
    }
}
