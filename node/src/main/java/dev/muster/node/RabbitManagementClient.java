package dev.muster.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the cluster's state from the RabbitMQ management HTTP API of the local broker: {@code /api/overview}
 * (cluster name, version) and {@code /api/nodes} (every known node, whether it runs, its partitions).
 * Chosen over {@code rabbitmqctl cluster_status} because the node service runs unprivileged and must not
 * read the Erlang cookie, and each rabbitmqctl call boots an Erlang VM (about 0.4 s of CPU); chosen over
 * the AMQP connection alone because that knows nothing of the other nodes. The RabbitMQ user needs the
 * {@code monitoring} tag.
 */
final class RabbitManagementClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI base;
    private final String authorization;
    private final Duration requestTimeout;

    RabbitManagementClient(URI base, String user, String password) {
        this(base, user, password, Duration.ofSeconds(3));
    }

    /** @param requestTimeout how long one API call may take: short for a node's status, longer in tests on a loaded machine */
    RabbitManagementClient(URI base, String user, String password, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The cluster's view of itself; throws with a one-line message when the API cannot be read. */
    RabbitStatus fetch(List<String> expectedNodes, String asOf) throws IOException, InterruptedException {
        JsonNode overview = get("api/overview?columns=cluster_name,rabbitmq_version,node");
        JsonNode nodes = get("api/nodes?columns=name,running,partitions");
        List<String> known = new ArrayList<>();
        List<String> running = new ArrayList<>();
        Map<String, List<String>> partitions = new LinkedHashMap<>();
        for (JsonNode n : nodes) {
            String name = n.path("name").asText();
            known.add(name);
            if (n.path("running").asBoolean(false)) {
                running.add(name);
            }
            List<String> from = new ArrayList<>();
            n.path("partitions").forEach(p -> from.add(p.asText()));
            if (!from.isEmpty()) {
                partitions.put(name, from);
            }
        }
        List<String> missing = expectedNodes.stream().filter(e -> !known.contains(e)).toList();
        return new RabbitStatus(true, "management", text(overview, "cluster_name"), text(overview, "rabbitmq_version"),
                known, running, partitions, missing, asOf, null);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() == 401) {
            throw new IOException("management API refused the credentials (the user needs the 'monitoring' tag)");
        }
        if (resp.statusCode() != 200) {
            throw new IOException("management API answered HTTP " + resp.statusCode() + " for /" + path);
        }
        return json.readTree(resp.body());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
