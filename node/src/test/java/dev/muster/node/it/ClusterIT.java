package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three node services, run by the real launcher as processes on one database and one broker: they register,
 * heartbeat and see each other in /api/v1/ping; a stopped one turns lost within the threshold and comes back
 * with the same UUID. Also measures /ping latency, idle RSS and start-up time.
 */
class ClusterIT {
    @TempDir
    Path tmp;

    @Test
    void threeNodesSeeEachOtherAndAStoppedOneTurnsLostThenReturnsWithItsUuid() throws Exception {
        String url = TestServices.postgres().createDatabase("cluster_it");
        List<NodeConf> confs = new ArrayList<>();
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            long[] readyMs = new long[3];
            for (int i = 0; i < 3; i++) {
                NodeConf c = new NodeConf(tmp, "tower" + (i + 1), url);
                confs.add(c);
                nodes.add(NodeProcess.launch(c.write(), "cluster-tower" + (i + 1)));
            }
            for (int i = 0; i < 3; i++) {
                readyMs[i] = nodes.get(i).awaitReady(60);
            }
            int port1 = confs.get(0).port();

            // Every node sees all three alive, and the broker and database as they are.
            for (NodeConf c : confs) {
                JsonNode ping = Http.await(c.port(), "/api/v1/ping", r -> aliveCount(r.body()) == 3, Duration.ofSeconds(10)).body();
                assertTrue(ping.get("ha").asBoolean(), ping.toString());
                assertEquals(c.keys.get("node.name"), ping.get("active_node").asText());
                for (JsonNode i : ping.get("instances")) {
                    assertEquals(7, i.get("capacity").asInt(), "configured capacity: " + i);
                    assertFalse(i.get("uuid").asText().isEmpty());
                    assertFalse(i.get("heartbeat").asText().isEmpty());
                }
                JsonNode rabbit = Http.await(c.port(), "/api/v1/ping",
                        r -> "management".equals(r.body().path("rabbitmq").path("source").asText()), Duration.ofSeconds(10))
                        .body().get("rabbitmq");
                assertTrue(rabbit.get("reachable").asBoolean(), rabbit.toString());
                String rabbitNode = TestServices.rabbit().nodeName;
                assertEquals(List.of(rabbitNode), texts(rabbit.get("known_nodes")), rabbit.toString());
                assertEquals(List.of(rabbitNode), texts(rabbit.get("running_nodes")), rabbit.toString());
                assertEquals(0, rabbit.get("partitions").size(), rabbit.toString());
                assertEquals(0, rabbit.get("missing_nodes").size(), rabbit.toString());
                assertFalse(rabbit.get("cluster_name").asText().isEmpty(), rabbit.toString());
                JsonNode db = ping.get("database");
                assertTrue(db.get("reachable").asBoolean(), db.toString());
                assertTrue(db.get("server_version").asText().matches("\\d+.*"), db.toString());
                assertEquals(200, Http.get(c.port(), "/api/v1/health").status());
            }

            // Measurements: /ping latency with three nodes registered, idle RSS, start-up.
            long[] samples = new long[200];
            for (int i = 0; i < samples.length; i++) {
                long t0 = System.nanoTime();
                assertEquals(200, Http.get(port1, "/api/v1/ping").status());
                samples[i] = System.nanoTime() - t0;
            }
            Arrays.sort(samples);
            System.out.println("[measure] ping example: " + Http.get(port1, "/api/v1/ping").body().toPrettyString());
            Thread.sleep(3000);
            System.out.printf("[measure] /api/v1/ping with 3 nodes, 200 sequential requests: median %.2f ms, p99 %.2f ms,"
                            + " max %.2f ms%n", samples[100] / 1e6, samples[197] / 1e6, samples[199] / 1e6);
            System.out.printf("[measure] idle RSS (ps -o rss): %d / %d / %d KiB%n",
                    nodes.get(0).rssKb(), nodes.get(1).rssKb(), nodes.get(2).rssKb());
            System.out.printf("[measure] start-up, launch to ready line (3 started at once): %d / %d / %d ms%n",
                    readyMs[0], readyMs[1], readyMs[2]);

            // Stop tower3: lost (capacity 0) within 4 intervals of 1 s, plus one heartbeat of tower1 to notice.
            String uuid3 = uuidOf(Http.get(port1, "/api/v1/ping").body(), "tower3");
            assertEquals(143, nodes.get(2).stop(), "SIGTERM exit status");
            long stoppedAt = System.nanoTime();
            JsonNode afterStop = Http.await(port1, "/api/v1/ping", r -> "lost".equals(statusOf(r.body(), "tower3")),
                    Duration.ofSeconds(15)).body();
            double lostAfterS = (System.nanoTime() - stoppedAt) / 1e9;
            System.out.printf("[measure] stopped node reported lost after %.1f s (threshold 4 x 1 s)%n", lostAfterS);
            assertTrue(lostAfterS <= 6.5, "lost detected after " + lostAfterS + " s");
            assertEquals(0, instanceOf(afterStop, "tower3").get("capacity").asInt(), afterStop.toString());
            assertEquals(2, aliveCount(afterStop));

            // Restart tower3 with the same configuration: same UUID, alive again.
            NodeProcess again = NodeProcess.launch(confs.get(2).write(), "cluster-tower3-again");
            nodes.set(2, again);
            again.awaitReady(60);
            assertTrue(again.output().contains("registered again"), again.output());
            JsonNode back = Http.await(port1, "/api/v1/ping", r -> aliveCount(r.body()) == 3, Duration.ofSeconds(10)).body();
            assertEquals(uuid3, uuidOf(back, "tower3"));
            assertEquals(3, back.get("instances").size(), "no duplicate row: " + back);
            for (NodeProcess n : nodes) {
                assertFalse(n.output().contains("Exception"), n.output());
            }
        } finally {
            nodes.forEach(NodeProcess::close);
        }
    }

    static int aliveCount(JsonNode ping) {
        int n = 0;
        for (JsonNode i : ping.path("instances")) {
            if ("alive".equals(i.get("status").asText())) {
                n++;
            }
        }
        return n;
    }

    static JsonNode instanceOf(JsonNode ping, String name) {
        for (JsonNode i : ping.path("instances")) {
            if (name.equals(i.get("node").asText())) {
                return i;
            }
        }
        throw new AssertionError("no instance " + name + " in " + ping);
    }

    static String statusOf(JsonNode ping, String name) {
        return instanceOf(ping, name).get("status").asText();
    }

    static String uuidOf(JsonNode ping, String name) {
        return instanceOf(ping, name).get("uuid").asText();
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
