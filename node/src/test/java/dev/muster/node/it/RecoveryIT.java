package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.NodeConfig;
import dev.muster.node.NodeService;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL, then RabbitMQ, stopped under a running node and started again: /health goes 503 with the reason
 * and back to 200, /ping keeps answering (capacity 0 while the broker is away), all without restarting the node.
 */
class RecoveryIT {
    @TempDir
    Path tmp;

    @Test
    void healthFollowsTheDatabaseAndTheBrokerDownAndBackUp() throws Exception {
        PostgresServer pg = TestServices.postgres();
        RabbitServer rabbit = TestServices.rabbit();
        NodeConf conf = new NodeConf(tmp, "solo", pg.createDatabase("recovery_it"));
        int port = conf.port();
        try (NodeService node = NodeService.start(NodeConfig.load(conf.write()))) {
            Http.await(port, "/api/v1/health", r -> r.status() == 200, Duration.ofSeconds(15));

            pg.stop();
            try {
                Http.Reply down = Http.await(port, "/api/v1/health", r -> r.status() == 503, Duration.ofSeconds(10));
                assertEquals("unavailable", down.body().get("status").asText());
                assertTrue(down.body().get("database").asText().contains("database"), down.body().toString());
                assertEquals("ok", down.body().get("rabbitmq").asText(), down.body().toString());
                Http.Reply ping = Http.get(port, "/api/v1/ping");
                assertEquals(200, ping.status());
                JsonNode db = ping.body().get("database");
                assertFalse(db.get("reachable").asBoolean(), ping.body().toString());
                assertFalse(db.get("error").asText().isEmpty());
                assertTrue(ping.body().has("instances_as_of"), "last known instances, with their age: " + ping.body());
                assertEquals(1, ping.body().get("instances").size());
                Thread.sleep(2500); // let heartbeats run into the outage too
                assertEquals(503, Http.get(port, "/api/v1/health").status());
            } finally {
                pg.start();
            }
            Http.await(port, "/api/v1/health", r -> r.status() == 200, Duration.ofSeconds(20));
            // Heartbeats resumed: the node is alive again in the registry (it was lost while the database was away).
            JsonNode back = Http.await(port, "/api/v1/ping",
                    r -> ClusterIT.aliveCount(r.body()) == 1 && r.body().get("database").get("reachable").asBoolean(),
                    Duration.ofSeconds(10)).body();
            assertFalse(back.has("instances_as_of"), back.toString());

            // An operator deletes the node's row (deprovisioning) while it runs: the next heartbeat registers it again.
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.url("recovery_it"), "postgres", "");
                 java.sql.Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("DELETE FROM node_instance"));
            }
            JsonNode again = Http.await(port, "/api/v1/ping", r -> ClusterIT.aliveCount(r.body()) == 1,
                    Duration.ofSeconds(10)).body();
            assertEquals(node.uuid().toString(), ClusterIT.uuidOf(again, "solo"));

            rabbit.stop();
            try {
                Http.Reply down = Http.await(port, "/api/v1/health", r -> r.status() == 503, Duration.ofSeconds(15));
                assertEquals("ok", down.body().get("database").asText(), down.body().toString());
                assertTrue(down.body().get("rabbitmq").asText().contains("rabbitmq"), down.body().toString());
                JsonNode rs = Http.await(port, "/api/v1/ping",
                        r -> !r.body().get("rabbitmq").get("reachable").asBoolean(), Duration.ofSeconds(10))
                        .body().get("rabbitmq");
                assertFalse(rs.get("error").asText().isEmpty(), rs.toString());
                // without its broker the node takes no job: it offers capacity 0, still alive (it heartbeats)
                JsonNode idle = Http.await(port, "/api/v1/ping", r -> ClusterIT.instanceOf(r.body(), "solo")
                        .get("capacity").asInt() == 0, Duration.ofSeconds(15)).body();
                assertEquals("alive", ClusterIT.instanceOf(idle, "solo").get("status").asText(), idle.toString());
            } finally {
                rabbit.start();
            }
            long t0 = System.nanoTime();
            Http.await(port, "/api/v1/health", r -> r.status() == 200, Duration.ofSeconds(30));
            System.out.printf("[measure] /health back to 200 %.1f s after RabbitMQ finished starting again%n",
                    (System.nanoTime() - t0) / 1e9);
            Http.await(port, "/api/v1/ping", r -> ClusterIT.instanceOf(r.body(), "solo").get("capacity").asInt() == 7,
                    Duration.ofSeconds(15));
            Http.await(port, "/api/v1/ping", r -> r.body().get("rabbitmq").get("reachable").asBoolean()
                    && "management".equals(r.body().get("rabbitmq").get("source").asText()), Duration.ofSeconds(10));
        }
    }
}
