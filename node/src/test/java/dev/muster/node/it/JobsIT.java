package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Jobs on a cluster of three real node processes (capacities 2, 2 and 4) on one PostgreSQL and one RabbitMQ:
 * authentication, validation, project updates, dispatch within capacity, cancel, a 200,000-event job, and a node
 * killed with SIGKILL while it runs a job. Prints the measurements ([measure] lines).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsIT {
    static final String[] NAMES = {"towera", "towerb", "towerc"};
    static final int[] CAPACITY = {2, 2, 4};
    static Path tmp;
    static final List<NodeConf> confs = new ArrayList<>();
    static final List<NodeProcess> nodes = new ArrayList<>();
    static JobsApi api;
    static String firstRevision;

    @BeforeAll
    static void startCluster() throws Exception {
        tmp = Files.createTempDirectory("muster-jobs-it-");
        String url = TestServices.postgres().createDatabase("jobs_it");
        for (int i = 0; i < 3; i++) {
            // Lost after 8 missed 1 s heartbeats: short enough for the kill test, long enough that a busy machine
            // (load averages of 20 and more here) does not make a working node look lost.
            NodeConf c = new NodeConf(tmp, NAMES[i], url).set("capacity", Integer.toString(CAPACITY[i]))
                    .set("heartbeat.lost_after", "8");
            confs.add(c);
            nodes.add(NodeProcess.launch(c.write(), "jobs-" + NAMES[i]));
        }
        for (NodeProcess n : nodes) {
            n.awaitReady(90);
        }
        Http.await(confs.get(0).port(), "/api/v1/ping", r -> ClusterIT.aliveCount(r.body()) == 3, Duration.ofSeconds(30));
        api = JobsApi.login(confs.get(0).port());
        assertEquals(201, api.post("/api/v1/inventories/", Map.of("name", "local", "content", TestProject.INVENTORY)).status());
        assertEquals(201, api.post("/api/v1/projects/", Map.of("name", "p")).status());
    }

    @AfterAll
    static void stopCluster() {
        nodes.forEach(NodeProcess::close);
        PostgresServer.deleteTree(tmp);
    }

    int port(int i) {
        return confs.get(i).port();
    }

    @Test
    @Order(1)
    void everyPathButPingAndHealthNeedsCredentials() throws Exception {
        int port = port(1);
        assertEquals(200, Http.get(port, "/api/v1/ping").status());
        for (String auth : new String[] {null, Http.basic("admin", "wrong"), Http.basic("nobody", NodeConf.ADMIN_PASSWORD),
                "Bearer not-a-token", "Digest abc", "Basic !!!"}) {
            for (String path : List.of("/api/v1/jobs/", "/api/v1/projects/", "/api/v1/tokens/", "/api/v1/nothing/")) {
                Http.Reply r = Http.send(port, "POST", path, auth, Map.of("name", "x"));
                assertEquals(401, r.status(), auth + " " + path + ": " + r.body());
                assertFalse(r.body().get("detail").asText().isEmpty());
            }
        }
        Http.Reply tokens = Http.send(port, "GET", "/api/v1/projects/x/", Http.basic("admin", NodeConf.ADMIN_PASSWORD), (Object) null);
        assertEquals(404, tokens.status(), "Basic works on any node: " + tokens.body());
        assertEquals(200, api.on(port).get("/api/v1/jobs/").status(), "a token works on any node");
    }

    @Test
    @Order(2)
    void projectUpdateReachesEveryNode() throws Exception {
        byte[] archive = TestProject.archive(tmp, "one");
        Http.Reply r = api.on(port(2)).upload("p", archive);
        assertEquals(200, r.status(), r.body().toString());
        assertEquals("successful", r.body().get("status").asText());
        firstRevision = r.body().get("revision").asText();
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)), firstRevision);
        for (int i = 0; i < 3; i++) {
            assertEquals("ok", r.body().get("nodes").get(NAMES[i]).asText(), r.body().toString());
            Path dir = Path.of(confs.get(i).keys.get("projects.dir"), "p", firstRevision);
            assertEquals(TestProject.PLAYBOOKS.get("hello.yml"), Files.readString(dir.resolve("hello.yml")));
            assertEquals("one\n", Files.readString(dir.resolve("VERSION")));
        }
        assertEquals(firstRevision, api.get("/api/v1/projects/p/").body().get("revision").asText());
    }

    @Test
    @Order(3)
    void badRequestsAre4xxWithTheReasonAndQueueNothing() throws Exception {
        Map<String, Object> good = new LinkedHashMap<>(Map.of("project", "p", "playbook", "hello.yml", "inventory", "local"));
        List<Object[]> cases = List.of(
                new Object[] {with(good, "project", "nope"), "unknown project 'nope'"},
                new Object[] {with(good, "playbook", "missing.yml"), "playbook 'missing.yml' not found"},
                new Object[] {with(good, "playbook", "../../etc/passwd"), "must be a path inside the project"},
                new Object[] {with(good, "inventory", "nope"), "unknown inventory 'nope'"},
                new Object[] {with(good, "credential", "nope"), "unknown credential 'nope'"},
                new Object[] {with(good, "extra_vars", List.of(1)), "'extra_vars' must be a JSON object"},
                new Object[] {with(good, "check", "yes"), "'check' must be true or false"},
                new Object[] {with(good, "forks", 3), "unknown field 'forks'"},
                new Object[] {Map.of("playbook", "hello.yml", "inventory", "local"), "'project' is required"});
        for (Object[] c : cases) {
            Http.Reply r = api.post("/api/v1/jobs/", c[0]);
            assertEquals(400, r.status(), c[0] + ": " + r.body());
            assertTrue(r.body().get("detail").asText().contains((String) c[1]), c[1] + " in " + r.body());
        }
        Http.Reply malformed = Http.send(api.port, "POST", "/api/v1/jobs/", api.auth, "{\"project\": ".getBytes(), null);
        assertEquals(400, malformed.status());
        assertTrue(malformed.body().get("detail").asText().startsWith("malformed JSON"), malformed.body().toString());
        Http.Reply broken = api.post("/api/v1/inventories/", Map.of("name", "bad", "content", "[web]\nw1\n[web:nonsense]\n"));
        assertEquals(400, broken.status());
        assertTrue(broken.body().get("detail").asText().startsWith("inventory bad:3: "), broken.body().toString());
        assertEquals(404, api.get("/api/v1/inventories/bad/").status(), "a refused inventory is not stored");
        assertEquals(400, api.post("/api/v1/projects/", Map.of("name", "../x")).status());
        assertEquals(404, api.get("/api/v1/jobs/999999/").status());
        assertEquals(400, api.get("/api/v1/jobs/1/events/?limit=0").status());
        assertEquals(405, Http.send(api.port, "DELETE", "/api/v1/jobs/", api.auth, (Object) null).status());
        assertEquals(0, api.get("/api/v1/jobs/").body().get("results").size(), "nothing was queued");
        assertEquals(0, Http.get(api.port, "/api/v1/ping").body().get("jobs").get("queued").asInt());
    }

    @Test
    @Order(4)
    void credentialsAreStoredEncryptedAndNeverReturned() throws Exception {
        String pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
        Http.Reply r = api.post("/api/v1/credentials/", Map.of("name", "c", "username", "root", "ssh_key", pem,
                "become_password", "sudo-s3cret"));
        assertEquals(201, r.status(), r.body().toString());
        for (JsonNode shown : List.of(r.body(), api.get("/api/v1/credentials/c/").body(), api.get("/api/v1/credentials/").body())) {
            assertFalse(shown.toString().contains("sudo-s3cret") || shown.toString().contains("OPENSSH"), shown.toString());
        }
        assertEquals("root", r.body().get("username").asText());
    }

    @Test
    @Order(5)
    void aJobLaunchedOnOneNodeRunsOnSomeNodeWithItsEvents() throws Exception {
        long id = api.launch("hello.yml", Map.of("greeting", "hi"));
        JsonNode job = api.awaitJob(id, JobsApi::ended, Duration.ofSeconds(120));
        assertEquals("successful", job.get("status").asText(), job.toString());
        assertEquals(0, job.get("exit_code").asInt());
        assertEquals(firstRevision, job.get("revision").asText());
        assertTrue(List.of(NAMES).contains(job.get("node").asText()), job.toString());
        JsonNode page = api.get("/api/v1/jobs/" + id + "/events/").body();
        assertTrue(page.get("complete").asBoolean(), page.toString());
        List<String> types = new ArrayList<>();
        JsonNode result = null;
        for (JsonNode e : page.get("events")) {
            String type = e.get("event").asText();
            if (!type.equals("progress")) { // a task that takes over 2 s on a busy machine reports progress
                types.add(type);
            }
            result = type.equals("host_result") ? e : result;
        }
        assertEquals(List.of("playbook_start", "play_start", "task_start", "host_result", "recap"), types);
        assertEquals("hello from localhost", result.get("message").asText(), page.toString());
        JsonNode second = api.get("/api/v1/jobs/" + id + "/events/?after=" + page.get("next").asLong()).body();
        assertEquals(0, second.get("events").size());
        assertTrue(second.get("complete").asBoolean());
    }

    @Test
    @Order(6)
    void sixtyJobsOnCapacities224AllSucceedWithinCapacity() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(api.on(port(i % 3)).launch("sleep.yml", null));
        }
        boolean sawQueue = Http.get(port(0), "/api/v1/ping").body().get("jobs").get("queued").asInt() > 0;
        Map<String, List<Instant[]>> byNode = new TreeMap<>();
        for (long id : ids) {
            JsonNode job = api.awaitJob(id, JobsApi::ended, Duration.ofSeconds(600));
            assertEquals("successful", job.get("status").asText(), job.toString());
            byNode.computeIfAbsent(job.get("node").asText(), k -> new ArrayList<>()).add(new Instant[] {
                    Instant.parse(job.get("started").asText()), Instant.parse(job.get("finished").asText())});
        }
        Map<String, Integer> counts = new TreeMap<>();
        byNode.forEach((n, list) -> counts.put(n, list.size()));
        System.out.println("[measure] 60 one-second jobs on capacities 2/2/4: per node " + counts + ", queue seen: " + sawQueue);
        assertEquals(3, byNode.size(), "every node ran some: " + counts);
        for (int i = 0; i < 3; i++) {
            int peak = peak(byNode.get(NAMES[i]));
            System.out.println("[measure] " + NAMES[i] + " (capacity " + CAPACITY[i] + ") ran at most " + peak + " at once");
            assertTrue(peak <= CAPACITY[i], NAMES[i] + " ran " + peak + " at once, capacity " + CAPACITY[i]);
        }
        assertTrue(counts.get("towerc") > counts.get("towera") && counts.get("towerc") > counts.get("towerb"),
                "the capacity-4 node runs the most: " + counts);
    }

    /** The most intervals open at one instant; an end at the same instant as a start counts as before it. */
    static int peak(List<Instant[]> intervals) {
        List<long[]> points = new ArrayList<>();
        for (Instant[] iv : intervals) {
            points.add(new long[] {iv[0].toEpochMilli() * 1000 + iv[0].getNano() / 1000 % 1000, 1});
            points.add(new long[] {iv[1].toEpochMilli() * 1000 + iv[1].getNano() / 1000 % 1000, -1});
        }
        points.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int open = 0;
        int peak = 0;
        for (long[] p : points) {
            open += (int) p[1];
            peak = Math.max(peak, open);
        }
        return peak;
    }

    @Test
    @Order(7)
    void measureLaunchToStartAndJobsPerMinute() throws Exception {
        // Idle cluster: one job at a time, launch-to-start from the job's own created/started times (database clock).
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long id = api.on(port(i % 3)).launch("hello.yml", null);
            JsonNode job = api.awaitJob(id, JobsApi::ended, Duration.ofSeconds(120));
            assertEquals("successful", job.get("status").asText(), job.toString());
            latencies.add(Duration.between(Instant.parse(job.get("created").asText()),
                    Instant.parse(job.get("started").asText())).toMillis());
        }
        latencies.sort(Long::compare);
        System.out.printf("[measure] launch-to-start on idle nodes, 20 jobs: median %d ms, p99 %d ms, max %d ms%n",
                latencies.get(10), latencies.get(19), latencies.get(19));
        // Throughput: 60 one-task jobs launched at once, from the first launch to the last end.
        long t0 = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(api.on(port(i % 3)).launch("hello.yml", null));
        }
        for (long id : ids) {
            assertEquals("successful", api.awaitJob(id, JobsApi::ended, Duration.ofSeconds(600)).get("status").asText());
        }
        double minutes = (System.nanoTime() - t0) / 60e9;
        System.out.printf("[measure] 60 one-task (debug) jobs through 3 nodes (capacity 8) in %.1f s: %.0f jobs/minute%n",
                minutes * 60, 60 / minutes);
    }

    @Test
    @Order(8)
    void cancelEndsARunningJobAfterItsRunningTask() throws Exception {
        long id = api.launch("long.yml", null);
        api.awaitJob(id, j -> j.get("status").asText().equals("running"), Duration.ofSeconds(120));
        awaitEvents(id, 6);
        Http.Reply r = api.on(port(1)).post("/api/v1/jobs/" + id + "/cancel/", null);
        assertEquals(202, r.status(), r.body().toString());
        JsonNode job = api.awaitJob(id, JobsApi::ended, Duration.ofSeconds(60));
        assertEquals("canceled", job.get("status").asText(), job.toString());
        assertEquals(99, job.get("exit_code").asInt());
        JsonNode page = api.get("/api/v1/jobs/" + id + "/events/?limit=10000").body();
        long started = 0;
        for (JsonNode e : page.get("events")) {
            started += e.get("event").asText().equals("task_start") ? 1 : 0;
        }
        assertTrue(started < 40, "no new task after the cancel: " + started + " of 40 started");
        assertEquals("recap", last(page).get("event").asText());
        assertEquals(409, api.post("/api/v1/jobs/" + id + "/cancel/", null).status(), "already ended");
    }

    @Test
    @Order(9)
    void aFailedUnpackNamesTheNodeAndJobsKeepThePreviousRevision() throws Exception {
        byte[] archive = TestProject.archive(tmp, "two");
        String revision = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive));
        // towerb cannot put the new revision in place: a file holds its name.
        Path blocker = Path.of(confs.get(1).keys.get("projects.dir"), "p", revision);
        Files.writeString(blocker, "in the way");
        Http.Reply r = api.upload("p", archive);
        assertEquals(502, r.status(), r.body().toString());
        assertEquals("failed", r.body().get("status").asText());
        assertTrue(r.body().get("nodes").has("towerb"), r.body().toString());
        assertFalse(r.body().get("nodes").has("towera"), r.body().toString());
        assertEquals(firstRevision, api.get("/api/v1/projects/p/").body().get("revision").asText());
        long id = api.launch("hello.yml", null);
        JsonNode job = api.awaitJob(id, JobsApi::ended, Duration.ofSeconds(120));
        assertEquals(firstRevision, job.get("revision").asText());
        assertEquals("successful", job.get("status").asText());
        Files.delete(blocker);
        Http.Reply again = api.upload("p", archive);
        assertEquals(200, again.status(), again.body().toString());
        assertEquals(revision, api.get("/api/v1/projects/p/").body().get("revision").asText());
    }

    @Test
    @Order(10)
    void aJobOf200000EventsIsStoredWholeInOrderAndReadableWhileItRuns() throws Exception {
        int lines = 200_000;
        long id = api.launch("lines.yml", Map.of("lines", IntStream.range(0, lines).boxed().toList()));
        JsonNode running = api.awaitJob(id, j -> !j.get("status").asText().equals("pending"), Duration.ofSeconds(120));
        NodeProcess runner = nodes.get(List.of(NAMES).indexOf(running.get("node").asText()));
        long maxRssKb = 0;
        long next = 0;
        int item = 0;
        boolean readWhileRunning = false;
        long t0 = System.nanoTime();
        while (true) {
            String status = api.job(id).get("status").asText();
            JsonNode page = api.get("/api/v1/jobs/" + id + "/events/?limit=10000&after=" + next).body();
            for (JsonNode e : page.get("events")) {
                if (e.get("event").asText().equals("item_result")) {
                    assertEquals("line " + item, e.get("message").asText(), "event in order");
                    item++;
                }
            }
            if (status.equals("running") && page.get("events").size() > 0 && item > 0) {
                readWhileRunning = true;
            }
            next = page.get("next").asLong();
            maxRssKb = Math.max(maxRssKb, runner.rssKb());
            if (page.get("complete").asBoolean()) {
                break;
            }
            if (page.get("events").size() < 10000) {
                Thread.sleep(500);
            }
            assertTrue(System.nanoTime() - t0 < Duration.ofMinutes(20).toNanos(), "took over 20 minutes");
        }
        JsonNode job = api.job(id);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("[measure] %d-item job: %d events stored in %.0f s (%.0f events/s end to end); node RSS max %d MB%n",
                lines, next, seconds, next / seconds, maxRssKb / 1024);
        assertEquals("successful", job.get("status").asText(), job.toString());
        assertTrue(job.get("reason").isNull(), "no event lost: " + job);
        assertEquals(lines, item, "every line stored");
        assertTrue(readWhileRunning, "events were readable while the job ran");
        assertTrue(maxRssKb < 300 * 1024, "RSS " + maxRssKb + " KiB");
    }

    @Test
    @Order(11)
    void aKilledNodesJobIsFailedAndTheOthersRunTheQueue() throws Exception {
        long id = api.launch("long.yml", null);
        JsonNode running = api.awaitJob(id, j -> j.get("status").asText().equals("running"), Duration.ofSeconds(120));
        String victim = running.get("node").asText();
        int v = List.of(NAMES).indexOf(victim);
        JobsApi survivor = api.on(port((v + 1) % 3));
        awaitEvents(id, 4);
        nodes.get(v).process.destroyForcibly();
        long killedAt = System.nanoTime();
        assertTrue(nodes.get(v).process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add(survivor.launch("hello.yml", null));
        }
        JsonNode failed = survivor.awaitJob(id, JobsApi::ended, Duration.ofSeconds(60));
        double after = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("[measure] job of SIGKILLed node %s failed %.1f s after the kill (lost after 8 x 1 s)%n", victim, after);
        assertEquals("failed", failed.get("status").asText(), failed.toString());
        assertEquals("node " + victim + " lost while running the job", failed.get("reason").asText());
        for (long q : queued) {
            JsonNode job = survivor.awaitJob(q, JobsApi::ended, Duration.ofSeconds(120));
            assertEquals("successful", job.get("status").asText(), job.toString());
            assertNotEquals(victim, job.get("node").asText());
        }
        for (JsonNode job : survivor.get("/api/v1/jobs/?limit=1000").body().get("results")) {
            assertTrue(JobsApi.ended(job), "nothing stays pending or running: " + job);
        }
        for (int i = 0; i < 3; i++) {
            if (i != v) {
                assertFalse(nodes.get(i).output().contains("Exception"), nodes.get(i).output());
            }
        }
    }

    private void awaitEvents(long id, int count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/api/v1/jobs/" + id + "/events/").body().get("events").size() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " has not " + count + " events after 60 s");
    }

    private static JsonNode last(JsonNode page) {
        JsonNode events = page.get("events");
        return events.get(events.size() - 1);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }
}
