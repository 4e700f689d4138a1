package dev.muster.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API on a local port (nginx terminates TLS in front of it), served by the JDK's own
 * HTTP server. This class serves the two unauthenticated endpoints; everything else under /api/v1/ goes to
 * {@code api.ApiRouter}, which authenticates and hands each resource (projects, jobs, ...) to its own class.
 * <ul>
 *   <li>{@code GET /api/v1/ping}: the cluster's health, no authentication, always 200 while the node runs.</li>
 *   <li>{@code GET /api/v1/health}: 200 when this node reaches PostgreSQL and RabbitMQ, 503 with the reasons.</li>
 * </ul>
 */
final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    static {
        // The JDK server leaves Nagle's algorithm on: a small reply then waits for the client's delayed ACK (~40 ms).
        // Read once when the server implementation loads, so set before the first HttpServer.create.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final Database db;
    private final Broker broker;
    private final ClusterView view;
    private final String nodeName;
    private final UUID nodeUuid;
    private final HttpServer server;
    private final ExecutorService workers;

    /** The jobs each node runs and the queue's depth, read on the same connection as the instances. */
    interface JobCounts {
        Map<String, Integer> runningByNode(java.sql.Connection c) throws java.sql.SQLException;

        int queued(java.sql.Connection c) throws java.sql.SQLException;
    }

    private final JobCounts jobCounts;

    HttpApi(String address, int port, Database db, Broker broker, ClusterView view, String nodeName, UUID nodeUuid,
            com.sun.net.httpserver.HttpHandler api, JobCounts jobCounts) {
        this.jobCounts = jobCounts;
        this.db = db;
        this.broker = broker;
        this.view = view;
        this.nodeName = nodeName;
        this.nodeUuid = nodeUuid;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 64);
        } catch (IOException e) {
            throw new ConfigException("cannot listen on " + address + ":" + port + " (listen.address, listen.port): "
                    + OneLine.of(e));
        }
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(workers);
        server.createContext("/api/v1/ping", ex -> handle(ex, this::ping));
        server.createContext("/api/v1/health", ex -> handle(ex, this::health));
        server.createContext("/api/v1/", api);
        server.createContext("/", ex -> handle(ex, () -> new Reply(404, Map.of("error", "not found"))));
    }

    void start() {
        server.start();
    }

    /** The bound port (useful when listen.port is 0). */
    int port() {
        return server.getAddress().getPort();
    }

    private record Reply(int status, Object body) {
    }

    private void handle(HttpExchange ex, java.util.function.Supplier<Reply> endpoint) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            Reply reply;
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                reply = new Reply(405, Map.of("error", "method not allowed"));
            } else if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())
                    && !"/".equals(ex.getHttpContext().getPath())) {
                reply = new Reply(404, Map.of("error", "not found"));
            } else {
                reply = endpoint.get();
            }
            byte[] body = json.writeValueAsBytes(reply.body());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if ("HEAD".equals(method)) {
                ex.sendResponseHeaders(reply.status(), -1);
            } else {
                ex.sendResponseHeaders(reply.status(), body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("request {} failed: {}", ex.getRequestURI(), OneLine.of(e));
        }
    }

    private Reply ping() {
        DatabaseStatus dbStatus;
        List<Instance> instances;
        String asOf = null;
        Map<String, Integer> jobs = null;
        try {
            Object[] got = db.call(c -> {
                long t0 = System.nanoTime();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    rs.next();
                }
                double latencyMs = (System.nanoTime() - t0) / 1e6;
                Map<String, Integer> running = jobCounts.runningByNode(c);
                List<Instance> withJobs = Registry.instances(c).stream()
                        .map(i -> i.withRunning(running.getOrDefault(i.node(), 0))).toList();
                return new Object[] {latencyMs, withJobs, jobCounts.queued(c)};
            });
            dbStatus = new DatabaseStatus(true, db.serverVersion(), Math.round((Double) got[0] * 1000) / 1000.0, null);
            @SuppressWarnings("unchecked")
            List<Instance> fresh = (List<Instance>) got[1];
            instances = fresh;
            jobs = Map.of("queued", (Integer) got[2]);
        } catch (DatabaseUnavailableException e) {
            dbStatus = new DatabaseStatus(false, db.serverVersion(), null, e.getMessage());
            instances = view.instances();
            Instant when = view.instancesAsOf();
            asOf = when == null ? "never" : when.toString();
        }
        return new Reply(200, new PingReport(instances.size() > 1, Version.current(), nodeName, nodeUuid.toString(),
                instances, asOf, view.rabbit(), dbStatus, jobs));
    }

    private Reply health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodeName);
        String dbError = null;
        try {
            db.call(c -> {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
        } catch (DatabaseUnavailableException e) {
            dbError = e.getMessage();
        }
        Broker.State amqp = broker.state();
        boolean ok = dbError == null && amqp.connected();
        body.put("status", ok ? "ok" : "unavailable");
        body.put("database", dbError == null ? "ok" : dbError);
        body.put("rabbitmq", amqp.connected() ? "ok" : amqp.error());
        return new Reply(ok ? 200 : 503, body);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
