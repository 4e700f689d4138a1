package dev.muster.module.builtin;

import static dev.muster.module.Contexts.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.muster.module.Contexts;
import dev.muster.module.LocalSh;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaitForUriTest {

    @TempDir
    Path dir;

    private TaskResult run(String module, Object args, TaskContext context) {
        return new LocalSh(dir).run(plan(module, args, context));
    }

    @Test
    void waitsForLocalAndRemotePortsFromProcAndBash() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 5, InetAddress.getByName("0.0.0.0"))) {
            int port = socket.getLocalPort();
            assertEquals(TaskResult.Status.OK, run("wait_for", Map.of("port", port, "timeout", 5), Contexts.normal()).status());
            TaskResult remote = run("wait_for", Map.of("port", port, "host", "127.0.0.2", "timeout", 5), Contexts.normal());
            assertEquals(TaskResult.Status.OK, remote.status(), remote.message());
            TaskResult stopped = run("wait_for", Map.of("port", port, "state", "stopped", "timeout", 1), Contexts.normal());
            assertEquals(TaskResult.Status.FAILED, stopped.status());
            assertTrue(stopped.message().contains("Timeout"), stopped.message());
        }
    }

    @Test
    void waitsForAPathAndItsContent() throws Exception {
        Path f = dir.resolve("ready");
        Files.writeString(f, "state=up\n");
        assertEquals(TaskResult.Status.OK, run("wait_for", Map.of("path", f.toString(), "search_regex", "state=up"), Contexts.normal()).status());
        assertEquals(TaskResult.Status.FAILED, run("wait_for", Map.of("path", f.toString(), "state", "absent", "timeout", 1), Contexts.normal()).status());
    }

    @Test
    @SuppressWarnings("unchecked")
    void uriGetsJsonAndPostsABodyThroughCurl() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"ok\",\"nodes\":[1,2]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/echo", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            String reply = exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Token") + " " + new String(in, StandardCharsets.UTF_8);
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            TaskResult get = run("uri", Map.of("url", base + "/health"), Contexts.normal());
            assertEquals(TaskResult.Status.OK, get.status(), get.message());
            assertEquals(200, get.data().get("status"));
            assertEquals("ok", ((Map<String, Object>) get.data().get("json")).get("status"));
            TaskResult post = run("uri", Map.of("url", base + "/echo", "method", "POST", "body_format", "json",
                    "body", Map.of("a", "$(touch x) \"q\" é"), "headers", Map.of("X-Token", "s3cr\"t"),
                    "status_code", List.of(201), "return_content", true), Contexts.normal());
            assertEquals(TaskResult.Status.OK, post.status(), post.message());
            assertEquals("POST s3cr\"t {\"a\":\"$(touch x) \\\"q\\\" é\"}", post.data().get("content"));
            assertEquals(TaskResult.Status.FAILED, run("uri", Map.of("url", base + "/echo", "method", "POST", "body", "x"), Contexts.normal()).status());
            assertEquals(TaskResult.Status.SKIPPED, run("uri", Map.of("url", base + "/echo", "method", "POST"), Contexts.check()).status());
        } finally {
            server.stop(0);
        }
    }
}
