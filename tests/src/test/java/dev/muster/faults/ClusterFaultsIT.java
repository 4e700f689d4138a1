package dev.muster.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.faults.FaultCluster.Job;
import dev.muster.jobs.ApiException;
import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault scenarios of issue 14 on a cluster installed by ./setup.sh (3 nodes of capacity 2, their database, a
 * target host), each with jobs running while the fault happens, each checking the outcome: final job states through
 * the API, no job run twice (marks on the target), ping, rabbitmqctl cluster_status, the registry's rows. They break
 * the cluster on purpose and take long: run by hand with bench/faults, never in CI's `mvn verify` (tests/pom.xml
 * excludes this package unless asked). Recovery times are printed as "[faults] ..." lines.
 * <p>
 * The partition comes first (it found the defect the RabbitMQ watchdog fixes), then the scenarios not yet run on
 * 2026-12-02, then those run before. Each starts by waiting for a consistent cluster, so one that failed leaves the
 * next a fair start.
 */
@LabHosts(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultsIT {
    static final Duration RECOVERY = Duration.ofMinutes(20);
    static final Duration JOBS = Duration.ofMinutes(15);

    @TempDir
    static Path work;
    static FaultCluster cluster;
    /** Every job any scenario launched and got a 201 for: all must be final, none run twice, at the end. */
    static final List<Job> accepted = new ArrayList<>();

    @BeforeAll
    static void install(Lab lab) throws Exception {
        cluster = FaultCluster.install(lab, work);
    }

    @BeforeEach
    void consistentCluster() {
        cluster.restoreBeforeScenario();
    }

    private static List<Job> launch(String host, int count, int pause) {
        List<Job> jobs = cluster.launch(host, count, pause);
        accepted.addAll(jobs);
        return jobs;
    }

    private static List<Job> launchHeld(String host, int count) {
        List<Job> jobs = cluster.launchHeld(host, count);
        accepted.addAll(jobs);
        return jobs;
    }

    /** Waits until {@code count} of the jobs run at once, and returns node -> its running jobs. */
    private static Map<String, List<Job>> awaitRunning(List<Job> jobs, int count) {
        Map<String, List<Job>> byNode = new java.util.TreeMap<>();
        FaultCluster.await(count + " jobs running", JOBS, () -> {
            byNode.clear();
            for (Job j : jobs) {
                JsonNode s = cluster.job(j.id());
                if (s.path("status").asText().equals("running")) {
                    byNode.computeIfAbsent(s.path("node").asText(), k -> new ArrayList<>()).add(j);
                }
            }
            return byNode.values().stream().mapToInt(List::size).sum() >= count;
        });
        return byNode;
    }

    /** Held jobs released, {@code count} short jobs launched through {@code via} all succeed, none of them on {@code notOn} (null: anywhere). */
    private static Map<Long, JsonNode> assertWorkDone(String via, int count, int pause, String notOn) {
        cluster.release(); // held jobs make room: the capacity is what is tested, not the queue
        Map<Long, JsonNode> done = cluster.awaitFinal(launch(via, count, pause), JOBS);
        done.values().forEach(j -> {
            assertEquals("successful", j.path("status").asText(), j.toString());
            assertNotEquals(notOn, j.path("node").asText(), j.toString());
        });
        return done;
    }

    private static int capacityIn(String pingHost, String node) {
        JsonNode i = cluster.instances(pingHost).get(node);
        return i == null ? -1 : i.path("capacity").asInt();
    }

    @Test
    @Order(7)
    void allNodesKilledThenBackInAnotherOrder(Lab lab) {
        String scenario = "all nodes killed";
        List<Job> running = launchHeld("hosta", 6);
        awaitRunning(running, 6);
        List<Job> queued = launch("hostb", 6, 1);

        // A majority gone: hostc's RabbitMQ pauses (pause_minority), its node takes nothing and offers capacity 0.
        long t0 = System.nanoTime();
        lab.kill("hosta");
        lab.kill("hostb");
        FaultCluster.await("hostc offers capacity 0", RECOVERY, () -> capacityIn("hostc", "hostc") == 0);
        Measure.print(scenario, "majority gone -> hostc's capacity 0 in ping", t0);
        Measure.note(scenario, "ping on hostc with the majority gone: " + cluster.ping("hostc"));
        FaultCluster.Health health = cluster.health("hostc");
        assertEquals(503, health.status(), health.toString());
        Measure.note(scenario, "health on hostc: " + health);
        try {
            Job refused = cluster.launch("hostc", 1);
            accepted.add(refused);
            throw new AssertionError("a launch with the majority gone was accepted: job " + refused.id());
        } catch (ApiException expected) {
            Measure.note(scenario, "a launch with the majority gone: " + expected.getMessage());
            assertTrue(expected.getMessage().contains("503"), expected.getMessage());
        }

        // ... then all of them, and back in another order: the first one killed comes back last.
        lab.kill("hostc");
        long t1 = System.nanoTime();
        lab.start("hostb");
        lab.start("hostc");
        lab.start("hosta");
        double recovered = cluster.awaitConsistent(RECOVERY);
        Measure.print(scenario, "hosts started (b, c, a) -> consistent cluster (RabbitMQ, ping, registry, health)", t1);

        List<Job> all = new ArrayList<>(running);
        all.addAll(queued);
        cluster.release();
        Map<Long, JsonNode> finals = cluster.awaitFinal(all, JOBS);
        Measure.print(scenario, "hosts started -> every accepted job final", t1);
        Measure.note(scenario, "final states " + FaultCluster.tally(finals) + " (recovered in " + Math.round(recovered) + " s)");
        cluster.assertRanAtMostOnce(all, finals);
        for (Job j : queued) {
            JsonNode state = finals.get(j.id());
            // queued behind the running ones: run after the recovery, or (taken just before the kill) failed as lost
            assertTrue(Set.of("successful", "failed").contains(state.path("status").asText()), state.toString());
        }
        // the cluster takes work again, on every node
        assertWorkDone("hosta", 6, 5, null);
    }

    @Test
    @Order(1)
    void aNodePartitionedFromTheOthersButNotTheDatabase(Lab lab) {
        partitioned(lab, "hostc", "one node partitioned");
    }

    @Test
    @Order(4)
    void aPersistentFaultTakesTheNodeOutOfTheWorkInsteadOfFlapping(Lab lab) {
        String scenario = "persistent fault (RabbitMQ configuration broken)";
        String node = "hostb";
        List<Job> before = launchHeld("hosta", 4);
        awaitRunning(before, 4);
        assertEquals(0, lab.exec(node, "cp /etc/rabbitmq/rabbitmq.conf /root/rabbitmq.conf.good &&"
                + " echo 'muster.broken_on_purpose = yes' >> /etc/rabbitmq/rabbitmq.conf").exitCode());
        long t0 = System.nanoTime();
        lab.exec(node, "systemctl restart rabbitmq-server");
        try {
            // between restarts the unit is "activating" (auto-restart); "failed" is systemd giving up ("Start request
            // repeated too quickly"; systemd 252 keeps Result=exit-code then, not start-limit-hit)
            FaultCluster.await(node + "'s RabbitMQ given up by systemd", RECOVERY, () -> lab.exec(node,
                    "systemctl show -p ActiveState --value rabbitmq-server").stdout().strip().equals("failed"));
            Measure.print(scenario, "broken and restarted -> systemd stops restarting it", t0);
            String restarts = lab.exec(node, "systemctl show -p NRestarts --value rabbitmq-server").stdout().strip();
            Measure.note(scenario, "restarts before giving up: " + restarts);
            FaultCluster.await(node + " offers capacity 0", RECOVERY, () -> capacityIn("hosta", node) == 0);
            Measure.print(scenario, "broken -> capacity 0 in ping", t0);
            JsonNode instance = cluster.instances("hosta").get(node);
            assertEquals("alive", instance.path("status").asText(), instance.toString());
            JsonNode listed = cluster.manageListNodes().get(node);
            assertEquals(0, listed.path("capacity").asInt(), "manage list-nodes: " + listed);
            FaultCluster.Health health = cluster.health(node);
            assertTrue(health.unavailableFor("rabbitmq"), health.toString());
            // no flapping: it stays down, and the rest of the cluster works without it
            assertWorkDone("hosta", 6, 1, node);
            assertEquals(restarts, lab.exec(node, "systemctl show -p NRestarts --value rabbitmq-server").stdout().strip(),
                    "RabbitMQ restarted again after systemd gave up");
            assertEquals("failed", lab.exec(node, "systemctl is-active rabbitmq-server").stdout().strip());
            for (String other : List.of("hosta", "hostc")) {
                JsonNode status = cluster.rabbitStatus(other);
                assertTrue(status != null && status.path("running_nodes").size() == 2, other + ": " + status);
            }
        } finally {
            lab.exec(node, "cp /root/rabbitmq.conf.good /etc/rabbitmq/rabbitmq.conf; systemctl reset-failed rabbitmq-server;"
                    + " systemctl start rabbitmq-server");
        }
        long t1 = System.nanoTime();
        cluster.awaitConsistent(RECOVERY);
        Measure.print(scenario, "configuration fixed and started by the operator -> consistent cluster", t1);
        cluster.release();
        Map<Long, JsonNode> finals = cluster.awaitFinal(before, JOBS);
        cluster.assertRanAtMostOnce(before, finals);
        Measure.note(scenario, "jobs running during the fault: " + FaultCluster.tally(finals));
    }

    @Test
    @Order(6)
    void oneNodeKilledWhileItRunsJobs(Lab lab) {
        String scenario = "one node killed";
        String node = "hostb";
        List<Job> jobs = launchHeld("hosta", 6);
        Map<String, List<Job>> byNode = awaitRunning(jobs, 6);
        List<Job> itsJobs = byNode.getOrDefault(node, List.of());
        assertFalse(itsJobs.isEmpty(), "no job on " + node + ": " + byNode);
        long t0 = System.nanoTime();
        lab.kill(node);
        Map<Long, JsonNode> failed = cluster.awaitFinal(itsJobs, RECOVERY);
        Measure.print(scenario, "killed -> its running jobs failed", t0);
        failed.values().forEach(j -> {
            assertEquals("failed", j.path("status").asText(), j.toString());
            assertTrue(j.path("reason").asText().contains(node), j.toString());
        });
        FaultCluster.await(node + " lost with capacity 0", RECOVERY, () -> {
            JsonNode i = cluster.instances("hosta").get(node);
            return i != null && i.path("status").asText().equals("lost") && i.path("capacity").asInt() == 0;
        });
        Measure.print(scenario, "killed -> lost in ping", t0);
        assertWorkDone("hostc", 6, 1, node);
        long t1 = System.nanoTime();
        lab.start(node);
        cluster.awaitConsistent(RECOVERY);
        Measure.print(scenario, "started -> rejoined RabbitMQ and the registry", t1);
        // it takes work again: enough jobs at once that every node gets some
        Map<Long, JsonNode> again = assertWorkDone("hosta", 12, 10, null);
        Set<String> nodes = again.values().stream().map(j -> j.path("node").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(nodes.contains(node), node + " took no job after it rejoined: " + nodes);
        cluster.release();
        Map<Long, JsonNode> finals = cluster.awaitFinal(jobs, JOBS);
        cluster.assertRanAtMostOnce(jobs, finals);
        Measure.note(scenario, "jobs running during the fault: " + FaultCluster.tally(finals));
    }

    @Test
    @Order(5)
    void twoGroupsThatCannotReachEachOther(Lab lab) {
        // With three nodes, two groups are one node against two: here the seed node (setup's first) is the one.
        partitioned(lab, "hosta", "two groups (hosta | hostb hostc)");
    }

    private static void partitioned(Lab lab, String alone, String scenario) {
        List<String> majority = FaultCluster.TOWER.stream().filter(h -> !h.equals(alone)).toList();
        List<Job> jobs = launchHeld(majority.get(0), 6);
        Map<String, List<Job>> byNode = awaitRunning(jobs, 6);
        List<Job> itsJobs = byNode.getOrDefault(alone, List.of());
        assertFalse(itsJobs.isEmpty(), "no job on " + alone + ": " + byNode);
        long t0 = System.nanoTime();
        for (String other : majority) {
            lab.partition(alone, other);
        }
        try {
            FaultCluster.await(alone + " offers capacity 0", RECOVERY, () -> capacityIn(alone, alone) == 0);
            Measure.print(scenario, "partitioned -> " + alone + " takes no jobs (capacity 0 in ping)", t0);
            FaultCluster.Health health = cluster.health(alone);
            Measure.note(scenario, "health on " + alone + " while cut off: " + health);
            assertTrue(health.unavailableFor("rabbitmq"), health.toString());
            FaultCluster.await("the majority's RabbitMQ without " + alone, RECOVERY, () -> {
                JsonNode s = cluster.rabbitStatus(majority.get(0));
                return s != null && s.path("running_nodes").size() == 2;
            });
            Measure.note(scenario, "rabbitmqctl cluster_status on " + majority.get(0) + ": " + cluster.rabbitStatus(majority.get(0)));
            // the majority keeps working, without the cut-off node
            assertWorkDone(majority.get(0), 6, 1, alone);
            // a launch through the cut-off node is refused: its RabbitMQ is paused
            try {
                Job refused = cluster.launch(alone, 1);
                accepted.add(refused);
                Measure.note(scenario, "a launch through " + alone + " was accepted: job " + refused.id());
            } catch (ApiException expected) {
                Measure.note(scenario, "a launch through " + alone + ": " + expected.getMessage());
            }
        } finally {
            lab.heal();
        }
        long t1 = System.nanoTime();
        cluster.awaitConsistent(RECOVERY);
        Measure.print(scenario, "healed -> one RabbitMQ cluster, registry and ping consistent, no manual step", t1);
        cluster.watchdogJournal().forEach((host, lines) -> Measure.note(scenario, "watchdog on " + host + ": " + lines));
        cluster.release();
        Map<Long, JsonNode> finals = cluster.awaitFinal(jobs, JOBS);
        cluster.assertRanAtMostOnce(jobs, finals);
        Measure.note(scenario, "jobs running during the partition: " + FaultCluster.tally(finals) + "; on " + alone + ": "
                + itsJobs.stream().map(j -> finals.get(j.id()).path("status").asText()).toList());
    }

    @Test
    @Order(2)
    void oneServiceKilledOrStoppedOnANode(Lab lab) {
        String scenario = "one service killed";
        String node = "hosta";
        List<Job> jobs = launchHeld("hostb", 6);
        for (String unit : List.of("rabbitmq-server", "muster-node", "nginx", "memcached")) {
            long t0 = System.nanoTime();
            assertEquals(0, lab.exec(node, "systemctl kill -s KILL " + unit).exitCode(), unit);
            if (unit.equals("rabbitmq-server")) {
                FaultCluster.await("health 503 naming RabbitMQ", RECOVERY, () -> {
                    FaultCluster.Health h = cluster.health(node);
                    return h.unavailableFor("rabbitmq");
                });
                Measure.note(scenario, "health while RabbitMQ is down: " + cluster.health(node));
            }
            FaultCluster.await(unit + " back", RECOVERY, () -> lab.exec(node, "systemctl is-active " + unit).stdout().strip().equals("active"));
            cluster.awaitConsistent(RECOVERY);
            Measure.print(scenario, unit + " killed -> back and the cluster consistent", t0);
        }
        // PostgreSQL's connections lost: every session of the node services cut on the database host
        long t0 = System.nanoTime();
        String cut = lab.exec(FaultCluster.DATABASE, "runuser -u postgres -- psql -d muster -Atc \"SELECT count(pg_terminate_backend(pid))"
                + " FROM pg_stat_activity WHERE usename = 'muster'\"").stdout().strip();
        Measure.note(scenario, "PostgreSQL sessions cut: " + cut);
        cluster.awaitConsistent(RECOVERY);
        Measure.print(scenario, "PostgreSQL sessions cut -> consistent", t0);
        assertWorkDone("hosta", 3, 1, null);
        cluster.release();
        Map<Long, JsonNode> finals = cluster.awaitFinal(jobs, JOBS);
        cluster.assertRanAtMostOnce(jobs, finals);
        Measure.note(scenario, "jobs running during the faults: " + FaultCluster.tally(finals));
    }

    @Test
    @Order(3)
    void theDatabaseHostRestarted(Lab lab) {
        String scenario = "database host restarted";
        List<Job> jobs = launchHeld("hosta", 6);
        awaitRunning(jobs, 6);
        Map<String, String> registry = cluster.registry();
        long t0 = System.nanoTime();
        lab.kill(FaultCluster.DATABASE);
        // meanwhile: every node says why it cannot serve (503 naming the database)
        FaultCluster.await("health 503 naming the database", RECOVERY, () -> FaultCluster.TOWER.stream().allMatch(h -> {
            FaultCluster.Health health = cluster.health(h);
            return health.unavailableFor("database");
        }));
        Measure.print(scenario, "killed -> health 503 naming the database on every node", t0);
        Measure.note(scenario, "health on hosta with the database gone: " + cluster.health("hosta"));
        // the jobs in flight end while the database is away: their ends and last events must wait for it
        cluster.release();
        lab.start(FaultCluster.DATABASE);
        cluster.awaitConsistent(RECOVERY);
        Measure.print(scenario, "killed and started -> nodes reconnected, cluster consistent", t0);
        Map<Long, JsonNode> finals = cluster.awaitFinal(jobs, JOBS);
        Measure.print(scenario, "killed and started -> jobs in flight final", t0);
        Measure.note(scenario, "jobs in flight (ended while the database was away): " + FaultCluster.tally(finals) + " "
                + finals.values().stream().map(j -> j.path("id").asText() + ":" + j.path("status").asText() + ":"
                + j.path("reason").asText()).toList());
        cluster.assertRanAtMostOnce(jobs, finals);
        // they ran to their end on alive nodes: recorded as they ended, not failed as lost, no event dropped
        finals.values().forEach(j -> {
            assertEquals("successful", j.path("status").asText(), j.toString());
            assertFalse(j.path("reason").asText().contains("lost"), j.toString());
        });
        assertEquals(registry.keySet(), cluster.registry().keySet(), "registry rows");
        assertWorkDone("hostc", 3, 1, null);
    }

    /** Nothing lost across all scenarios: every accepted job is still there, final, and ran at most once. */
    @AfterAll
    static void everyAcceptedJobFinalAndRunAtMostOnce() {
        if (cluster == null || accepted.isEmpty()) {
            return;
        }
        cluster.release();
        Map<Long, JsonNode> finals = cluster.awaitFinal(accepted, JOBS);
        cluster.assertRanAtMostOnce(accepted, finals);
        Measure.note("all scenarios", accepted.size() + " accepted jobs: " + FaultCluster.tally(finals));
    }
}
