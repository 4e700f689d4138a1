package dev.muster.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Main;
import dev.muster.connection.ExecResult;
import dev.muster.lab.Lab;
import dev.muster.setup.Installer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 14's scale and load scenarios, each checked, on a cluster that ./setup.sh installs on lab hosts: a large
 * cluster (install, verification as ClusterSetupIT's, a no-op re-run), many short jobs at once (all succeed, within
 * each node's capacity), big outputs (every event stored, the node service's memory bounded), and one job against
 * many inventory hosts timed against ansible-playbook running the same play on the same hosts.
 *
 * <p>Not an IT: Failsafe's default includes (*IT) leave it out of CI, whose time is spent; {@code bench/cluster}
 * selects it with -Dit.test and passes the sizes in the environment (see {@link Sizes}). Figures are printed as
 * lines starting with "[bench]" and appended to target/cluster-bench/figures.txt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterBench {

    static final Sizes SIZES = Sizes.fromEnvironment();
    static final String PASSWORD = "Adm1n-s3cret";
    static final Path WORK = Path.of("target/cluster-bench").toAbsolutePath();
    static final Path PROJECT = Installer.ROOT.resolve("bench/cluster-project");

    static Lab lab;
    static List<String> tower;
    static String database;
    static List<String> targets;
    static Map<String, Integer> capacity;
    static Path inventory;
    static Path ca;
    static Path passwordFile;
    static boolean jobsReady;
    static final Map<String, String> addresses = new HashMap<>();

    /** The sizes, from the environment bench/cluster passes (its defaults are issue 14's). */
    record Sizes(int nodes, int jobs, int bigJobs, int lines, int hosts, int targets, boolean fresh, int nodeRssLimitMb) {
        static Sizes fromEnvironment() {
            return new Sizes(env("BENCH_NODES", 10), env("BENCH_JOBS", 500), env("BENCH_BIG_JOBS", 10), env("BENCH_LINES", 100_000),
                    env("BENCH_HOSTS", 100), env("BENCH_TARGETS", 10), env("BENCH_FRESH", 1) == 1, env("BENCH_NODE_RSS_MB", 300));
        }

        private static int env(String name, int fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
        }
    }

    @BeforeAll
    static void labHosts() throws IOException {
        Files.createDirectories(WORK);
        int total = SIZES.nodes() + 1 + SIZES.targets();
        Set<String> existing = Lab.shared().status().keySet();
        lab = Lab.shared().up(total);
        tower = lab.hosts().subList(0, SIZES.nodes());
        database = lab.host(SIZES.nodes());
        targets = lab.hosts().subList(SIZES.nodes() + 1, total);
        List<String> used = lab.hosts().stream().filter(existing::contains).toList();
        if (SIZES.fresh() && !used.isEmpty()) {
            lab.reset(used.toArray(String[]::new));   // hosts new to the lab have fresh disks already
        }
        Installer.ensureRepository();
        // capacities 2 and 4 in turn, as JobsClusterIT's 2/2/4: peaks can then be checked against known numbers
        capacity = new TreeMap<>();
        for (int i = 0; i < tower.size(); i++) {
            capacity.put(tower.get(i), i % 2 == 0 ? 2 : 4);
        }
        inventory = Installer.inventory(lab, WORK.resolve("cluster"), tower, List.of(database));
        StringBuilder capacities = new StringBuilder("\n[tower]\n");
        tower.forEach(h -> capacities.append(h).append(" node_capacity=").append(capacity.get(h)).append('\n'));
        Files.writeString(inventory, Files.readString(inventory) + capacities);
        figure("sizes: %s; lab: %d hosts (%d nodes, database %s, %d targets); load average %s", SIZES, total, tower.size(),
                database, targets.size(), loadAverage());
    }

    @Test
    @Order(1)
    void aLargeClusterInstallsVerifiedAndReRunsWithNoChange() throws Exception {
        long available = memAvailableMb();
        long start = System.nanoTime();
        Installer.Run run = Installer.run(lab, inventory);
        long installSeconds = seconds(start);
        figure("install of %d nodes + database: %d s, exit %d (%s), load average %s", tower.size(), installSeconds, run.exit(),
                SIZES.fresh() ? "fresh hosts" : "BENCH_FRESH=0: disks as found", loadAverage());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.output().contains("installed and verified"), run.toString());
        int changed = run.recap().values().stream().mapToInt(s -> s.path("changed").asInt()).sum();
        for (String secret : Installer.secrets()) {
            assertFalse(run.output().contains(secret), "a secret in setup's output");
            assertFalse(Files.readString(inventory.resolveSibling("setup.log")).contains(secret), "a secret in setup.log");
        }
        Installer.assertClusterOf(lab, tower);
        ExecResult sessions = lab.exec(database, "runuser -u postgres -- psql -Atc \"select distinct client_addr from pg_stat_activity where usename = 'muster'\"");
        for (String host : tower) {
            assertTrue(sessions.stdout().lines().anyMatch(address(host)::equals),
                    "no database session from " + host + ": " + sessions.stdout());
        }
        Map<String, Integer> configured = capacitiesInPing();
        assertEquals(capacity, configured, "the capacities the inventory gave");
        figure("install verified: every node alive in every node's ping, RabbitMQ running all %d, a database session from each, "
                + "the inventory's capacities %s, no secret in the output or log; changed=%d", tower.size(), configured, changed);
        figure("memory after the install (summed RSS per host, MB): %s; machine MemAvailable %d MB before, %d MB after",
                hostMemory(), available, memAvailableMb());

        start = System.nanoTime();
        Installer.Run again = Installer.run(lab, inventory);
        long noopSeconds = seconds(start);
        figure("no-op re-run of %d nodes + database: %d s, exit %d, changed %d in all, load average %s", tower.size(), noopSeconds,
                again.exit(), again.recap().values().stream().mapToInt(h -> h.path("changed").asInt()).sum(), loadAverage());
        assertEquals(0, again.exit(), again.toString());
        again.recap().forEach((host, stats) -> assertEquals(0, stats.path("changed").asInt(), host + " changed: " + again));
        assertTrue(again.output().contains("changed:  nothing"), again.toString());
        Installer.assertClusterOf(lab, tower);
    }

    @Test
    @Order(2)
    void manyShortJobsAtOnceAllSucceedWithinEachNodesCapacity() throws Exception {
        prepareJobs();
        int count = SIZES.jobs();
        List<ApiClient> apis = tower.stream().map(ClusterBench::api).toList();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<Long>> submitted = new ArrayList<>();
        Instant submitStart = Instant.now();
        for (int i = 0; i < count; i++) {
            ApiClient api = apis.get(i % apis.size());
            String target = targets.get(i % targets.size());
            submitted.add(clients.submit(() -> launch(api, "short.yml", target, Map.of("pause", 1))));
        }
        List<Long> ids = new ArrayList<>();
        for (Future<Long> f : submitted) {
            ids.add(f.get());
        }
        Instant submitEnd = Instant.now();
        clients.shutdown();
        List<JobRecord> jobs = awaitAll(apis.get(0), ids, Duration.ofMinutes(60));

        List<String> bad = jobs.stream().filter(j -> !j.status().equals("successful"))
                .map(j -> j.id() + " " + j.status() + " on " + j.node() + ": " + j.reason()).toList();
        assertTrue(bad.isEmpty(), bad.size() + " of " + count + " jobs did not succeed: " + bad.subList(0, Math.min(20, bad.size())));
        Map<String, List<JobRecord>> byNode = jobs.stream().collect(Collectors.groupingBy(JobRecord::node, TreeMap::new, Collectors.toList()));
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Integer> peaks = new TreeMap<>();
        byNode.forEach((node, list) -> {
            counts.put(node, list.size());
            peaks.put(node, JobRecord.maxConcurrent(list));
        });
        assertEquals(new TreeSet<>(tower), counts.keySet(), "every node ran some: " + counts);
        peaks.forEach((node, peak) -> assertTrue(peak <= capacity.get(node), node + " ran " + peak + " at once, capacity " + capacity.get(node)));
        for (String host : tower) {
            assertEquals(0, Installer.ping(lab, host).path("jobs").path("queued").asInt(-1), "queue left on " + host);
        }
        Instant firstCreated = jobs.stream().map(JobRecord::created).min(Instant::compareTo).orElseThrow();
        Instant lastCreated = jobs.stream().map(JobRecord::created).max(Instant::compareTo).orElseThrow();
        Instant lastFinished = jobs.stream().map(JobRecord::finished).max(Instant::compareTo).orElseThrow();
        double minutes = Duration.between(firstCreated, lastFinished).toMillis() / 60_000.0;
        List<Duration> waits = jobs.stream().map(JobRecord::launchToStart).toList();
        int sumCapacity = capacity.values().stream().mapToInt(Integer::intValue).sum();
        figure("%d short jobs (one task, sleep 1, each on one of %d target hosts) submitted at once through %d nodes by 16 clients "
                        + "in %.1f s: all successful; %.1f jobs/minute (first created to last finished, %.1f s); queue drained %.1f s "
                        + "after the last was created; launch-to-start median %d ms, p99 %d ms; capacity %d in all",
                count, targets.size(), tower.size(), millis(submitStart, submitEnd) / 1000.0, count / minutes, minutes * 60,
                millis(lastCreated, lastFinished) / 1000.0, JobRecord.percentileMillis(waits, 50), JobRecord.percentileMillis(waits, 99),
                sumCapacity);
        figure("per node: jobs %s; most at once %s; capacities %s; load average %s", counts, peaks, capacity, loadAverage());
    }

    @Test
    @Order(3)
    void bigOutputsAreStoredWholeAndTheNodesStayWithinTheirMemory() throws Exception {
        prepareJobs();
        int count = SIZES.bigJobs();
        int lines = SIZES.lines();
        List<Integer> items = IntStream.range(0, lines).boxed().toList();
        Map<String, String> pids = new TreeMap<>();
        tower.forEach(h -> pids.put(h, Installer.mainPid(lab, h, "muster-node")));
        NodeMemory memory = NodeMemory.start(lab, tower, pids);
        List<ApiClient> apis = tower.stream().map(ClusterBench::api).toList();
        List<Long> ids = new ArrayList<>();
        Instant start = Instant.now();
        for (int i = 0; i < count; i++) {
            ids.add(launch(apis.get(i % apis.size()), "lines.yml", targets.get(i % targets.size()), Map.of("lines", items)));
        }
        List<JobRecord> jobs;
        try {
            jobs = awaitAll(apis.get(0), ids, Duration.ofMinutes(90));
        } finally {
            memory.stop();
        }
        Instant end = Instant.now();
        jobs.forEach(j -> assertEquals("successful", j.status(), "job " + j.id() + " on " + j.node() + ": " + j.reason()));
        jobs.forEach(j -> assertTrue(j.reason().isEmpty() || j.reason().equals("null"), "job " + j.id() + ": " + j.reason()));

        // every line, once, with no gap in the sequence: counted where they are stored
        String sql = "select job_id, count(*), min(seq), max(seq), count(*) filter (where event->>'event' = 'item_result'), "
                + "count(distinct event->>'message') filter (where event->>'event' = 'item_result') from job_event where job_id in ("
                + ids.stream().map(String::valueOf).collect(Collectors.joining(",")) + ") group by job_id order by job_id";
        ExecResult counted = lab.exec(database, "runuser -u postgres -- psql -d muster -AtF' ' -c \"" + sql + "\"");
        assertEquals(0, counted.exitCode(), counted.stderr());
        Map<Long, long[]> perJob = new TreeMap<>();
        counted.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> {
            String[] f = l.trim().split(" ");
            perJob.put(Long.parseLong(f[0]), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5])});
        });
        long total = 0;
        for (long id : ids) {
            long[] c = perJob.get(id);
            assertTrue(c != null, "no events stored for job " + id);
            assertEquals(lines, c[3], "job " + id + ": item events stored");
            assertEquals(lines, c[4], "job " + id + ": distinct lines stored");
            assertEquals(c[0], c[2] - c[1] + 1, "job " + id + ": a gap in the sequence numbers");
            total += c[0];
        }
        Map<String, Long> peakMb = memory.peakMb();
        peakMb.forEach((node, mb) -> assertTrue(mb <= SIZES.nodeRssLimitMb(), node + "'s node service reached " + mb + " MB RSS, limit "
                + SIZES.nodeRssLimitMb() + " MB"));
        tower.forEach(h -> assertEquals(pids.get(h), Installer.mainPid(lab, h, "muster-node"), h + "'s node service restarted"));
        Map<String, Long> perNode = jobs.stream().collect(Collectors.groupingBy(JobRecord::node, TreeMap::new, Collectors.counting()));
        double seconds = millis(start, end) / 1000.0;
        figure("%d jobs of %,d lines (one event each) at once: all successful, every line stored once per job (%,d events in all, "
                        + "sequences without a gap), %.0f s launch to last finished, %,.0f events/s; ran on %s; load average %s",
                count, lines, total, seconds, total / seconds, perNode, loadAverage());
        figure("node service RSS, peak while they ran (sampled every second; limit %d MB): %s", SIZES.nodeRssLimitMb(), peakMb);
    }

    @Test
    @Order(4)
    void aJobAgainstManyHostsBesideAnsiblePlaybook() throws Exception {
        prepareJobs();
        SideBySide side = new SideBySide(lab, targets, SIZES.hosts(), WORK.resolve("hosts"), PROJECT);
        side.prepareTargets();
        cli(0, "inventory", "save", "aliases", side.clusterInventory().toString(), "--url", url(tower.get(0)));
        ApiClient api = api(tower.get(0));

        Map<String, SideBySide.Outcome> outcomes = new TreeMap<>();
        side.resetTargets();
        outcomes.put("muster first", side.job(api, "first"));
        outcomes.put("muster no-op", side.job(api, "no-op"));
        String musterFiles = side.snapshot();
        side.resetTargets();
        outcomes.put("ansible first", side.ansible("first"));
        outcomes.put("ansible no-op", side.ansible("no-op"));
        String ansibleFiles = side.snapshot();

        outcomes.forEach((what, o) -> {
            assertEquals(SIZES.hosts(), o.hosts(), what + ": hosts in the recap");
            assertEquals(0, o.failed(), what + ": failed tasks");
            assertEquals(0, o.unreachable(), what + ": unreachable hosts");
        });
        assertEquals(outcomes.get("ansible first").changed(), outcomes.get("muster first").changed(), "changed on the first run");
        assertEquals(0, outcomes.get("muster no-op").changed(), "muster's no-op run changed something");
        assertEquals(0, outcomes.get("ansible no-op").changed(), "ansible's no-op run changed something");
        assertEquals(ansibleFiles, musterFiles, "the tools left different files or services (see " + side.dir() + ")");
        for (String phase : List.of("first", "no-op")) {
            SideBySide.Outcome m = outcomes.get("muster " + phase);
            SideBySide.Outcome a = outcomes.get("ansible " + phase);
            figure("%d hosts (aliases of %d lab hosts), 20 tasks, %s run: muster job %.1f s (launch to final; %.1f s running on %s), "
                            + "ansible-playbook %.1f s: %.1fx; changed %d / %d; forks 25 both; load average %s",
                    SIZES.hosts(), targets.size(), phase, m.seconds(), m.running(), m.node(), a.seconds(), a.seconds() / m.seconds(),
                    m.changed(), a.changed(), loadAverage());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The project, the inventory of targets and the credential, once, through the CLI as an operator does it. */
    static synchronized void prepareJobs() throws IOException {
        if (jobsReady) {
            return;
        }
        installedOnce();
        Installer.awaitClusterOf(lab, tower, Duration.ofMinutes(5));
        StringBuilder certificates = new StringBuilder();
        for (String host : tower) {
            certificates.append(lab.exec(host, "cat /etc/nginx/ssl/muster.crt").stdout());
        }
        ca = Files.writeString(WORK.resolve("cluster.crt"), certificates);
        passwordFile = Files.writeString(WORK.resolve("admin.password"), PASSWORD + "\n");
        StringBuilder text = new StringBuilder("[targets]\n");
        targets.forEach(t -> text.append(t).append(" ansible_host=").append(address(t)).append(" ansible_user=root\n"));
        Path targetsFile = Files.writeString(WORK.resolve("targets.ini"), text);
        cli(0, "project", "create", "bench", "--url", url(tower.get(0)));
        String update = cli(0, "project", "update", "bench", PROJECT.toString(), "--url", url(tower.get(0)));
        assertTrue(update.contains("on every node"), update);
        cli(0, "inventory", "save", "targets", targetsFile.toString(), "--url", url(tower.get(tower.size() - 1)));
        cli(0, "credential", "save", "lab", "--username", "root", "--ssh-key-file", lab.privateKey().toString(), "--url", url(tower.get(0)));
        jobsReady = true;
    }

    /**
     * A scenario run on its own (bench/cluster jobs|big|hosts) uses the cluster an earlier run kept on the lab, or
     * installs one first, not measured: each scenario is then one command, on a downed lab too.
     */
    static void installedOnce() {
        boolean installed = tower.stream().allMatch(h -> lab.exec(h, "systemctl is-active --quiet muster-node").exitCode() == 0);
        if (installed) {
            return;
        }
        long start = System.nanoTime();
        Installer.Run run = Installer.run(lab, inventory);
        figure("no cluster on the lab: installed %d nodes + database first (not a measurement), %d s, exit %d", tower.size(),
                seconds(start), run.exit());
        assertEquals(0, run.exit(), run.toString());
    }

    static long launch(ApiClient api, String playbook, String limit, Map<String, Object> extraVars) {
        return launch(api, playbook, "targets", limit, extraVars);
    }

    static long launch(ApiClient api, String playbook, String inventoryName, String limit, Map<String, Object> extraVars) {
        Map<String, Object> body = new HashMap<>(Map.of("project", "bench", "playbook", playbook, "inventory", inventoryName,
                "credential", "lab", "extra_vars", extraVars));
        if (limit != null) {
            body.put("limit", limit);
        }
        JsonNode job = api.post("/api/v1/jobs/", body);
        assertTrue(job.path("id").asLong() > 0, job.toString());
        return job.path("id").asLong();
    }

    /** Polls the recent-jobs list (one request for all) until every id is final; the jobs as recorded. */
    static List<JobRecord> awaitAll(ApiClient api, List<Long> ids, Duration limit) throws InterruptedException {
        Set<Long> wanted = new TreeSet<>(ids);
        Instant end = Instant.now().plus(limit);
        Map<Long, JobRecord> done = new TreeMap<>();
        while (done.size() < wanted.size()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError((wanted.size() - done.size()) + " of " + wanted.size() + " jobs not final within " + limit);
            }
            Thread.sleep(1000);
            for (JsonNode job : api.get("/api/v1/jobs/?limit=1000").path("results")) {
                long id = job.path("id").asLong();
                if (wanted.contains(id) && JobView.isFinal(job)) {
                    done.put(id, JobRecord.of(job));
                }
            }
            if (ids.size() > 1000) {
                for (long id : wanted) {   // beyond the list's 1000: one by one
                    if (!done.containsKey(id)) {
                        JsonNode job = api.get("/api/v1/jobs/" + id + "/");
                        if (JobView.isFinal(job)) {
                            done.put(id, JobRecord.of(job));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(done.values());
    }

    static Map<String, Integer> capacitiesInPing() {
        Map<String, Integer> found = new TreeMap<>();
        Installer.ping(lab, tower.get(0)).path("instances").forEach(i -> found.put(i.path("node").asText(), i.path("capacity").asInt()));
        return found;
    }

    static String url(String host) {
        return "https://" + address(host);
    }

    /** A host's address, from one `lab status` for all (each Lab.address call runs one: seconds on a loaded machine). */
    static synchronized String address(String host) {
        if (addresses.isEmpty()) {
            lab.status().forEach((name, h) -> addresses.put(name, h.address()));
        }
        return addresses.get(host);
    }

    static ApiClient api(String host) {
        return ApiClient.open(URI.create(url(host)), ApiClient.basic("admin", PASSWORD), ca, false, Duration.ofSeconds(120));
    }

    /** Runs `muster ARGS --password-file F --ca F` in this JVM, requires the exit code, returns stdout. */
    static String cli(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--password-file", passwordFile.toString(), "--ca", ca.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        assertEquals(expectedExit, exit, "muster " + String.join(" ", args) + "\nout: " + out + "\nerr: " + err);
        return out.toString();
    }

    /** The resident memory of everything each cluster host runs (summed RSS, shared pages counted per process), MB. */
    static Map<String, Long> hostMemory() {
        Map<String, Long> mb = new TreeMap<>();
        for (String host : lab.hosts().subList(0, SIZES.nodes() + 1)) {
            String kb = lab.exec(host, "ps -eo rss= | awk '{ s += $1 } END { print s + 0 }'").stdout().strip();
            mb.put(host, Long.parseLong(kb.isEmpty() ? "0" : kb) / 1024);
        }
        return mb;
    }

    static long memAvailableMb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemAvailable:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D+", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    static long seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }

    static long millis(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    /** Prints a figure and appends it to target/cluster-bench/figures.txt, which bench/cluster shows at the end. */
    static void figure(String format, Object... args) {
        String line = "[bench] " + String.format(format, args);
        System.out.println(line);
        try {
            Files.writeString(WORK.resolve("figures.txt"), Instant.now() + " " + line + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
