package dev.muster.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.node.NodeConfig;
import dev.muster.node.NodeService;
import dev.muster.node.StartupException;
import dev.muster.node.it.PostgresServer;
import dev.muster.node.it.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin commands against a real PostgreSQL with three real nodes registered in it: list, disable/enable,
 * refusals that change nothing, deprovision (also of a node that keeps running, and twice at once), and a
 * deprovisioned node that cannot come back with its old identity while a fresh one can.
 */
class NodeAdminIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** PostgreSQL only (no broker: the registry is what is tested), started once for this class. */
    private static PostgresServer postgres;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.create();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.destroy();
        }
    }

    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + err, e);
            }
        }
    }

    private Result admin(Path conf, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = NodeAdmin.run(conf.toString(), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path conf(String name, String url) throws IOException {
        Path file = tmp.resolve(name + ".conf");
        Files.writeString(file, String.join("\n",
                "node.name = " + name,
                "node.id_file = " + tmp.resolve(name + ".id"),
                "listen.port = 0",
                "heartbeat.interval = 500ms",
                "capacity = 5",
                "database.url = " + url,
                "database.user = postgres",
                "database.password =",
                "database.start_timeout = 2m", // up; a login can take seconds on a loaded machine
                // the registry is what is tested, but a node without its broker offers capacity 0: the test broker
                TestServices.rabbitConf(), ""));
        return file;
    }

    private Map<String, JsonNode> nodes(Path conf) {
        Result list = admin(conf, "list", "--json");
        assertEquals(0, list.code(), list.toString());
        Map<String, JsonNode> byName = new TreeMap<>();
        list.json().path("nodes").forEach(n -> byName.put(n.path("node").asText(), n));
        return byName;
    }

    /** The registry once every node offers {@code capacity} (or, after a generous limit, as it is, for the assertions). */
    private Map<String, JsonNode> offeringCapacity(Path conf, int capacity) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        Map<String, JsonNode> nodes = nodes(conf);
        while (System.nanoTime() < deadline && !nodes.values().stream().allMatch(n -> n.path("capacity").asInt() == capacity)) {
            Thread.sleep(250);
            nodes = nodes(conf);
        }
        return nodes;
    }

    @Test
    void registryOperations() throws Exception {
        String url = postgres.createDatabase("node_admin_it");
        Path a = conf("a", url);
        Path b = conf("b", url);
        Path c = conf("c", url);
        List<NodeService> running = new ArrayList<>();
        try {
            for (Path p : List.of(a, b, c)) {
                running.add(NodeService.start(NodeConfig.load(p)));
            }
            // a node offers its capacity once its broker connection is up, which may come after its first heartbeat
            Map<String, JsonNode> nodes = offeringCapacity(a, 5);
            assertEquals(List.of("a", "b", "c"), new ArrayList<>(nodes.keySet()));
            nodes.values().forEach(n -> {
                assertEquals("alive", n.path("status").asText(), n.toString());
                assertEquals(5, n.path("capacity").asInt(), n.toString());
                assertTrue(n.path("heartbeat_age_s").asDouble() < 5, n.toString());
            });
            assertTrue(admin(a, "list").out().contains("NODE"), "a table without --json");

            // disable / enable: capacity 0 and back, idempotent, an unknown name refused
            Result disabled = admin(a, "disable", "b");
            assertEquals(0, disabled.code(), disabled.toString());
            assertTrue(disabled.out().startsWith("disabled b"), disabled.toString());
            assertEquals("disabled", nodes(a).get("b").path("status").asText());
            assertEquals(0, nodes(a).get("b").path("capacity").asInt());
            Thread.sleep(1200); // heartbeats go on and must not re-enable it
            assertEquals("disabled", nodes(a).get("b").path("status").asText());
            assertTrue(admin(a, "disable", "b").out().contains("already disabled"));
            assertEquals(0, admin(a, "enable", "b").code());
            assertEquals(5, nodes(a).get("b").path("capacity").asInt());
            Result unknown = admin(a, "disable", "nosuch");
            assertEquals(NodeAdmin.REFUSED, unknown.code(), unknown.toString());
            assertTrue(unknown.err().contains("nosuch is not a registered node (registered: a, b, c)"), unknown.toString());

            // an unknown name: refused, nothing changed
            Result refused = admin(a, "deprovision", "nosuch", "--json");
            assertEquals(NodeAdmin.REFUSED, refused.code(), refused.toString());
            assertEquals("unknown", refused.json().path("result").asText());
            assertEquals(3, nodes(a).size());

            // a stopped node: removed, its UUID tombstoned; the second time is "already"
            UUID cUuid = running.get(2).uuid();
            running.get(2).close();
            Result gone = admin(a, "deprovision", "c", "--reason", "test: c deprovisioned", "--json");
            assertEquals(0, gone.code(), gone.toString());
            JsonNode g = gone.json();
            assertEquals("deprovisioned", g.path("result").asText(), g.toString());
            assertEquals(cUuid.toString(), g.path("uuid").asText());
            assertEquals(true, g.path("work_queue").asBoolean(), "the schema has the job queue");
            assertEquals(List.of("a", "b"), new ArrayList<>(nodes(a).keySet()));
            Result again = admin(b, "deprovision", "c");
            assertEquals(0, again.code(), again.toString());
            assertTrue(again.out().startsWith("c is already deprovisioned"), again.toString());

            // c's host comes back with its old identity: refused at start (exit 2 in muster-node) and by the registry
            NodeConfig cConfig = NodeConfig.load(c);
            String refusal = DeprovisionGuard.refusal(cConfig);
            assertNotNull(refusal);
            assertTrue(refusal.contains("was deprovisioned") && refusal.contains("./manage deprovision-node c"), refusal);
            StartupException trigger = assertThrows(StartupException.class, () -> NodeService.start(cConfig));
            assertTrue(trigger.getMessage().contains("was deprovisioned"), trigger.getMessage());
            assertEquals(List.of("a", "b"), new ArrayList<>(nodes(a).keySet()));

            // two deprovisions of a node that keeps running, at once: serialised, one does it, the other finds it
            // done; the node's own heartbeat cannot register it again
            CyclicBarrier start = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<Result>> both = new ArrayList<>();
            for (Path from : List.of(a, b)) {
                both.add(pool.submit((Callable<Result>) () -> {
                    start.await();
                    return admin(from, "deprovision", "b", "--json");
                }));
            }
            List<String> outcomes = new ArrayList<>();
            for (Future<Result> f : both) {
                Result r = f.get();
                assertEquals(0, r.code(), r.toString());
                outcomes.add(r.json().path("result").asText());
            }
            pool.shutdown();
            outcomes.sort(String::compareTo);
            assertEquals(List.of("already", "deprovisioned"), outcomes);
            Thread.sleep(2000); // four heartbeats of b, each finding its row gone
            assertEquals(List.of("a"), new ArrayList<>(nodes(a).keySet()));

            // the last node: refused, nothing changed
            Result last = admin(a, "deprovision", "a", "--json");
            assertEquals(NodeAdmin.REFUSED, last.code(), last.toString());
            assertEquals("last", last.json().path("result").asText());
            assertEquals(List.of("a"), new ArrayList<>(nodes(a).keySet()));
            JsonNode tombstones = admin(a, "list", "--json").json().path("deprovisioned");
            assertEquals(2, tombstones.size(), tombstones.toString());

            // the host made a node again with a fresh identity (what setup does after the wipe): it registers
            Files.delete(tmp.resolve("c.id"));
            assertNull(DeprovisionGuard.refusal(cConfig));
            running.set(2, NodeService.start(cConfig));
            assertNotEquals(cUuid, running.get(2).uuid());
            assertEquals(List.of("a", "c"), new ArrayList<>(nodes(a).keySet()));
        } finally {
            running.forEach(NodeService::close);
        }
    }

    @Test
    void usageErrors() {
        assertEquals(NodeAdmin.USAGE, admin(tmp.resolve("none.conf")).code());
        assertEquals(NodeAdmin.OK, admin(tmp.resolve("none.conf"), "--help").code());
        Result bad = admin(tmp.resolve("none.conf"), "deprovision");
        assertEquals(NodeAdmin.USAGE, bad.code());
        assertTrue(bad.err().contains("deprovision takes one NAME"), bad.toString());
        assertEquals(NodeAdmin.USAGE, admin(tmp.resolve("none.conf"), "frobnicate").code());
        Result noConf = admin(tmp.resolve("none.conf"), "list");
        assertEquals(NodeAdmin.USAGE, noConf.code());
        assertTrue(noConf.err().contains("configuration file not found"), noConf.toString());
    }
}
