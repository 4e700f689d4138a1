package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.NodeConfig;
import dev.muster.node.NodeService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the management API off, /ping reports what the AMQP connection knows; the API refuses unknown paths and methods. */
class AmqpOnlyStatusIT {
    @TempDir
    Path tmp;

    @Test
    void rabbitStatusFromTheAmqpConnectionAndStrictRoutes() throws Exception {
        NodeConf conf = new NodeConf(tmp, "amqp-only", TestServices.postgres().createDatabase("amqp_only_it"))
                .set("rabbitmq.management_url", "none");
        int port = conf.port();
        try (NodeService node = NodeService.start(NodeConfig.load(conf.write()))) {
            JsonNode rabbit = Http.await(port, "/api/v1/ping",
                    r -> r.body().path("rabbitmq").path("reachable").asBoolean(), Duration.ofSeconds(10)).body().get("rabbitmq");
            assertEquals("amqp", rabbit.get("source").asText(), rabbit.toString());
            assertTrue(rabbit.get("version").asText().matches("\\d+\\.\\d+.*"), rabbit.toString());
            assertTrue(rabbit.get("cluster_name").asText().contains("@"), rabbit.toString());
            assertTrue(rabbit.get("known_nodes").isNull(), "unknown without the management API: " + rabbit);

            // an unknown path is not found for the admin; without credentials it is 401 like every path but ping and
            // health, so that a stranger learns nothing of the API's routes
            String admin = Http.basic("admin", NodeConf.ADMIN_PASSWORD);
            assertEquals(404, Http.send(port, "GET", "/api/v1/nope", admin, (Object) null).status());
            assertEquals(404, Http.send(port, "GET", "/api/v1/pingx", admin, (Object) null).status());
            assertEquals(401, Http.get(port, "/api/v1/nope").status());
            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/v1/ping")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        }
    }
}
