package dev.muster.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Main;
import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import dev.muster.setup.Installer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on a real cluster installed by ./setup.sh: 3 nodes of capacities 2, 2 and 4, their database, and a lab host
 * the jobs run against. Everything goes through the HTTPS API (nginx, the node's self-signed certificate given
 * with --ca), most of it through the `muster` CLI as an operator types it. One cluster serves the ordered tests.
 */
@LabHosts(value = 5, fresh = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsClusterIT {

    static final List<String> TOWER = List.of("hosta", "hostb", "hostc");
    static final Map<String, Integer> CAPACITY = Map.of("hosta", 2, "hostb", 2, "hostc", 4);
    static final String DATABASE = "hostd";
    static final String TARGET = "hoste";
    static final String PASSWORD = "Adm1n-s3cret";
    /** Heartbeat every 5 s: a node is lost after 4 missed ones, 20 s, which bounds the kill test's wait. */
    static final String HEARTBEAT = "5s";

    @TempDir
    static Path work;

    static Path inventory;
    static Path ca;
    static Path passwordFile;
    static final List<String> launched = new ArrayList<>();

    @BeforeAll
    static void cluster(Lab lab) throws Exception {
        Installer.ensureRepository();
        inventory = Installer.inventory(lab, work.resolve("cluster"), TOWER, List.of(DATABASE), "node_heartbeat_interval=" + HEARTBEAT);
        StringBuilder capacities = new StringBuilder("\n[tower]\n");
        TOWER.forEach(h -> capacities.append(h).append(" node_capacity=").append(CAPACITY.get(h)).append('\n'));
        Files.writeString(inventory, Files.readString(inventory) + capacities);
        long start = System.nanoTime();
        Installer.Run run = Installer.run(lab, inventory);
        assertEquals(0, run.exit(), run.toString());
        System.out.println("jobs cluster installed in " + (System.nanoTime() - start) / 1_000_000_000L + " s");
        Installer.assertClusterOf(lab, TOWER);

        // every node's own certificate, so that --ca verifies whichever node the client talks to
        StringBuilder certificates = new StringBuilder();
        for (String host : TOWER) {
            certificates.append(lab.exec(host, "cat /etc/nginx/ssl/muster.crt").stdout());
        }
        ca = Files.writeString(work.resolve("cluster.crt"), certificates);
        passwordFile = Files.writeString(work.resolve("admin.password"), PASSWORD + "\n");

        Path project = work.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: work for a while
                      command: "sleep {{ pause | default(0) }}"
                """);
        Path targets = Files.writeString(work.resolve("targets.ini"), "[targets]\n" + TARGET + " ansible_host=" + lab.address(TARGET)
                + " ansible_user=root\n");
        cli(0, "project", "create", "jobs", "--url", url(lab, "hosta"));
        String update = cli(0, "project", "update", "jobs", project.toString(), "--url", url(lab, "hosta"));
        assertTrue(update.contains("on every node"), update);
        cli(0, "inventory", "save", "targets", targets.toString(), "--url", url(lab, "hostb"));
        cli(0, "credential", "save", "lab", "--username", "root", "--ssh-key-file", lab.privateKey().toString(), "--url", url(lab, "hostc"));
    }

    static String url(Lab lab, String host) {
        return "https://" + lab.address(host);
    }

    /** Runs `muster ARGS --password-file F --ca F`, requires the exit code, returns stdout. */
    static String cli(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--password-file", passwordFile.toString(), "--ca", ca.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        assertEquals(expectedExit, exit, "muster " + String.join(" ", args) + "\nout: " + out + "\nerr: " + err);
        return out.toString();
    }

    static ApiClient api(Lab lab, String host) {
        return ApiClient.open(URI.create(url(lab, host)), ApiClient.basic("admin", PASSWORD), ca, false, Duration.ofSeconds(120));
    }

    static long launch(ApiClient api, int pause) {
        JsonNode job = api.post("/api/v1/jobs/", Map.of("project", "jobs", "playbook", "site.yml", "inventory", "targets",
                "credential", "lab", "extra_vars", Map.of("pause", pause)));
        // pending when answered, or already claimed by a node quicker than the answer
        assertTrue(job.path("id").asLong() > 0 && List.of("pending", "running").contains(job.path("status").asText()), job.toString());
        launched.add(job.path("id").asText());
        return job.path("id").asLong();
    }

    /** Polls the job until {@code condition} holds (limits are generous: a loaded machine is normal here). */
    static JsonNode await(ApiClient api, long id, Predicate<JsonNode> condition, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        JsonNode job = api.get("/api/v1/jobs/" + id + "/");
        while (!condition.test(job)) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("job " + id + " not there within " + limit + ": " + job);
            }
            Thread.sleep(250);
            job = api.get("/api/v1/jobs/" + id + "/");
        }
        return job;
    }

    static boolean isFinal(JsonNode job) {
        return JobView.isFinal(job);
    }

    @Test
    @Order(1)
    void theProjectIsOnEveryNodeWithTheSameFiles(Lab lab) {
        JsonNode project = api(lab, "hosta").get("/api/v1/projects/jobs/");
        String revision = project.path("revision").asText();
        assertFalse(revision.isEmpty(), project.toString());
        for (String host : TOWER) {
            String sum = lab.exec(host, "sha256sum /var/lib/muster/projects/jobs/" + revision + "/site.yml").stdout();
            assertTrue(sum.startsWith(sha256(work.resolve("project/site.yml"))), host + ": " + sum);
        }
        // the cluster key: one line of base64, the same everywhere, for the service user only
        String first = lab.exec("hosta", "sha256sum /etc/muster/cluster.key").stdout();
        for (String host : TOWER) {
            assertEquals(first, lab.exec(host, "sha256sum /etc/muster/cluster.key").stdout(), host);
            assertEquals("600 muster", lab.exec(host, "stat -c '%a %U' /etc/muster/cluster.key /etc/muster/admin.password")
                    .stdout().lines().distinct().collect(Collectors.joining("|")), host);
        }
    }

    @Test
    @Order(2)
    void sixtyJobsRunEverywhereWithinEachNodesCapacity(Lab lab) throws Exception {
        ApiClient api = api(lab, "hosta");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(launch(api, 2));
        }
        List<JobRecord> jobs = new ArrayList<>();
        for (long id : ids) {
            jobs.add(JobRecord.of(await(api, id, JobsClusterIT::isFinal, Duration.ofMinutes(10))));
        }
        jobs.forEach(job -> assertEquals("successful", job.status(), "job " + job.id() + " on " + job.node() + ": " + job.reason()));
        Map<String, List<JobRecord>> byNode = jobs.stream().collect(Collectors.groupingBy(JobRecord::node, TreeMap::new, Collectors.toList()));
        Map<String, Integer> counts = new TreeMap<>();
        byNode.forEach((node, list) -> counts.put(node, list.size()));
        Map<String, Integer> peaks = new TreeMap<>();
        byNode.forEach((node, list) -> peaks.put(node, JobRecord.maxConcurrent(list)));
        Instant first = jobs.stream().map(JobRecord::created).min(Instant::compareTo).orElseThrow();
        Instant last = jobs.stream().map(JobRecord::finished).max(Instant::compareTo).orElseThrow();
        double perMinute = 60 * 60_000.0 / Duration.between(first, last).toMillis();
        System.out.printf("60 jobs (one task: sleep 2) through hosta: %.1f jobs/minute; per node %s; most at once %s%n",
                perMinute, counts, peaks);
        assertEquals(new java.util.TreeSet<>(TOWER), counts.keySet(), "every node ran some: " + counts);
        peaks.forEach((node, peak) -> assertTrue(peak <= CAPACITY.get(node), node + " ran " + peak + " at once, capacity "
                + CAPACITY.get(node)));
        assertTrue(counts.get("hostc") > counts.get("hosta") && counts.get("hostc") > counts.get("hostb"),
                "the capacity-4 node ran the most: " + counts);
    }

    @Test
    @Order(3)
    void anIdleClusterStartsAJobSoon(Lab lab) throws Exception {
        ApiClient api = api(lab, "hostb");
        List<Duration> latencies = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long id = launch(api, 0);
            JobRecord job = JobRecord.of(await(api, id, JobsClusterIT::isFinal, Duration.ofMinutes(3)));
            assertEquals("successful", job.status(), job.toString());
            latencies.add(job.launchToStart());
        }
        System.out.printf("launch-to-start on an idle cluster, 10 jobs one after another: median %d ms, p99 %d ms%n",
                JobRecord.percentileMillis(latencies, 50), JobRecord.percentileMillis(latencies, 99));
        // the CLI's view of the last one: its events in order, and the outcome as exit code
        String events = cli(0, "job", "events", launched.get(launched.size() - 1), "--follow", "--url", url(lab, "hostc"));
        assertTrue(events.contains("TASK [work for a while]") && events.contains("PLAY RECAP"), events);
    }

    @Test
    @Order(4)
    void aJobOnAKilledNodeFailsWithTheReasonAndNothingStaysRunning(Lab lab) throws Exception {
        ApiClient api = api(lab, "hosta");
        long id = launch(api, 300);
        JsonNode running = await(api, id, j -> j.path("status").asText().equals("running"), Duration.ofMinutes(3));
        String node = running.path("node").asText();
        String survivor = TOWER.stream().filter(h -> !h.equals(node)).findFirst().orElseThrow();
        ApiClient other = api(lab, survivor);
        // SIGKILL, no shutdown of any kind; then stop, so that systemd's restart does not bring it back at once
        assertEquals(0, lab.exec(node, "systemctl kill -s KILL muster-node.service && systemctl stop muster-node.service").exitCode());
        try {
            survivesTheKill(lab, id, node, other);
        } finally {
            // the node comes back (also when an assertion failed: the next test needs the whole cluster)
            lab.exec(node, "systemctl start muster-node.service");
        }
        Installer.awaitClusterOf(lab, TOWER, Duration.ofMinutes(3));
        // ... and resumes nothing
        assertEquals("failed", other.get("/api/v1/jobs/" + id + "/").path("status").asText());
        for (String job : launched) {
            JsonNode state = other.get("/api/v1/jobs/" + job + "/");
            assertTrue(isFinal(state), "job " + job + " is still " + state);
        }
        assertEquals(0, Installer.ping(lab, survivor).path("jobs").path("queued").asInt(-1), Installer.ping(lab, survivor).toString());
    }

    private static void survivesTheKill(Lab lab, long id, String node, ApiClient other) throws InterruptedException {
        List<Long> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add(launch(other, 1));
        }
        JsonNode failed = await(other, id, JobsClusterIT::isFinal, Duration.ofMinutes(3));
        assertEquals("failed", failed.path("status").asText(), failed.toString());
        assertTrue(failed.path("reason").asText().contains(node), failed.toString());
        for (long q : queued) {
            JsonNode job = await(other, q, JobsClusterIT::isFinal, Duration.ofMinutes(5));
            assertEquals("successful", job.path("status").asText(), job.toString());
            assertNotEquals(node, job.path("node").asText(), job.toString());
        }
    }

    @Test
    @Order(5)
    void aSecondSetupRunChangesNothingAndKeepsTheClusterKey(Lab lab) throws Exception {
        for (String host : TOWER) {
            assertEquals("active", lab.exec(host, "systemctl is-active muster-node").stdout().strip(), host + "'s node service is down: "
                    + lab.exec(host, "journalctl -u muster-node -n 40 --no-pager -o cat").stdout());
        }
        String key = lab.exec("hosta", "sha256sum /etc/muster/cluster.key").stdout();
        Installer.Run run = Installer.run(lab, inventory);
        assertEquals(0, run.exit(), run.toString());
        run.recap().forEach((host, stats) -> assertEquals(0, stats.path("changed").asInt(), host + " changed: " + run));
        for (String host : TOWER) {
            assertEquals(key, lab.exec(host, "sha256sum /etc/muster/cluster.key").stdout(), host);
        }
        String log = Files.readString(inventory.resolveSibling("setup.log"));
        String keyText = lab.exec("hosta", "cat /etc/muster/cluster.key").stdout().strip();
        assertFalse(log.contains(keyText), "the cluster key is in setup.log");
        assertFalse(log.contains(PASSWORD), "the admin password is in setup.log");
        // the credential saved before is still readable under the kept key: a job still logs in
        long id = launch(api(lab, "hostc"), 0);
        assertEquals("successful", await(api(lab, "hostc"), id, JobsClusterIT::isFinal, Duration.ofMinutes(3)).path("status").asText());
    }

    private static String sha256(Path file) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
