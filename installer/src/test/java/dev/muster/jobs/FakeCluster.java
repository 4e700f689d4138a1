package dev.muster.jobs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** A local HTTP(S) server that answers as the contract says, from canned answers per "METHOD path", and records requests. */
final class FakeCluster implements AutoCloseable {

    record Request(String method, String uri, String authorization, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Answer>> answers = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> served = new LinkedHashMap<>();
    final List<Request> requests = new ArrayList<>();

    private FakeCluster(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeCluster http() throws IOException {
        return new FakeCluster(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    static FakeCluster https(SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeCluster(server);
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers for "METHOD /path?query", served in turn; the last one repeats. */
    synchronized FakeCluster on(String request, int status, String... bodies) {
        List<Answer> list = answers.computeIfAbsent(request, k -> new ArrayList<>());
        for (String body : bodies) {
            list.add(new Answer(status, body));
        }
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Answer answer;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"), body));
            List<Answer> list = answers.get(key);
            if (list == null) {
                answer = new Answer(404, "{\"detail\": \"no fake answer for " + key + "\"}");
            } else {
                int index = served.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
                answer = list.get(Math.min(index, list.size() - 1));
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
