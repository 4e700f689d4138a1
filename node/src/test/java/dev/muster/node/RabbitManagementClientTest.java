package dev.muster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The management API client against a stand-in server answering what a three-node cluster with one node down
 * and a partition answers (the shapes of /api/overview and /api/nodes as RabbitMQ 3.10 sends them; a
 * one-node cluster is exercised for real by ClusterIT). A partition cannot be produced with one broker.
 */
class RabbitManagementClientTest {
    private HttpServer server;
    private final AtomicReference<String> auth = new AtomicReference<>();
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/overview", ex -> reply(ex, """
                {"rabbitmq_version":"3.10.8","cluster_name":"muster","node":"rabbit@a"}"""));
        server.createContext("/api/nodes", ex -> reply(ex, """
                [{"partitions":["rabbit@c"],"name":"rabbit@a","type":"disc","running":true},
                 {"partitions":[],"name":"rabbit@b","type":"disc","running":false},
                 {"partitions":["rabbit@a"],"name":"rabbit@c","type":"disc","running":true}]"""));
        server.start();
    }

    private void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        auth.set(ex.getRequestHeaders().getFirst("Authorization"));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RabbitManagementClient client() {
        return new RabbitManagementClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "muster", "pw",
                Duration.ofMinutes(1)); // the stub answers at once; a loaded machine may take seconds to schedule it
    }

    @Test
    void knownRunningPartitionedAndMissingNodes() throws Exception {
        RabbitStatus s = client().fetch(List.of("rabbit@a", "rabbit@b", "rabbit@c", "rabbit@d"), "now");
        assertTrue(s.reachable());
        assertEquals("management", s.source());
        assertEquals("muster", s.clusterName());
        assertEquals("3.10.8", s.version());
        assertEquals(List.of("rabbit@a", "rabbit@b", "rabbit@c"), s.knownNodes());
        assertEquals(List.of("rabbit@a", "rabbit@c"), s.runningNodes());
        assertEquals(Map.of("rabbit@a", List.of("rabbit@c"), "rabbit@c", List.of("rabbit@a")), s.partitions());
        assertEquals(List.of("rabbit@d"), s.missingNodes());
        assertEquals("Basic bXVzdGVyOnB3", auth.get(), "basic auth of muster:pw");
    }

    @Test
    void refusedCredentialsSayWhatTheUserNeeds() {
        status = 401;
        IOException e = assertThrows(IOException.class, () -> client().fetch(List.of(), "now"));
        assertTrue(e.getMessage().contains("monitoring"), e.getMessage());
    }
}
