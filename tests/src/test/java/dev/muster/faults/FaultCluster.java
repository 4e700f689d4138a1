package dev.muster.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import dev.muster.connection.ExecResult;
import dev.muster.jobs.ApiClient;
import dev.muster.jobs.ApiException;
import dev.muster.lab.Lab;
import dev.muster.setup.Installer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A cluster installed by ./setup.sh for the fault scenarios: 3 [tower] nodes, their [database] host and a target host
 * the jobs run against. Each job appends its own mark to a file on the target before it works, so a job that ran
 * twice shows as a mark written twice, whatever the API says.
 */
final class FaultCluster {
    static final List<String> TOWER = List.of("hosta", "hostb", "hostc");
    static final String DATABASE = "hostd";
    static final String TARGET = "hoste";
    static final int CAPACITY = 2;
    static final String PASSWORD = "Adm1n-s3cret";
    /** Heartbeat every 5 s, lost after 4 missed ones: 20 s, the window a killed node's jobs fail within. */
    static final String HEARTBEAT = "5s";
    static final String RUNS = "/root/faults-runs";
    /**
     * Held jobs run until this file exists on the target: they stay running through a fault however slow the machine
     * is (a fixed sleep would end before the fault on a loaded machine, or make the test wait for nothing).
     */
    static final String RELEASE = "/root/faults-release";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FINAL = Set.of("successful", "failed", "error", "canceled");

    final Lab lab;
    final Path work;
    final Path inventory;
    private final Path ca;

    /** A launched job: its id and the mark it writes on the target when it runs. */
    record Job(long id, String mark) {
    }

    private FaultCluster(Lab lab, Path work, Path inventory, Path ca) {
        this.lab = lab;
        this.work = work;
        this.inventory = inventory;
        this.ca = ca;
    }

    /**
     * Installs the cluster (fresh disks unless -Dmuster.faults.reuse=true, which re-runs setup on the hosts as they
     * are: for a person iterating on one scenario) and gives it a project, an inventory and a credential.
     */
    static FaultCluster install(Lab lab, Path work) throws IOException {
        Installer.ensureRepository();
        if (!Boolean.getBoolean("muster.faults.reuse")) {
            for (String host : List.of("hosta", "hostb", "hostc", DATABASE, TARGET)) {
                lab.reset(host);
            }
        }
        Path inventory = Installer.inventory(lab, work.resolve("cluster"), TOWER, List.of(DATABASE),
                "node_heartbeat_interval=" + HEARTBEAT, "node_capacity=" + CAPACITY);
        long t0 = System.nanoTime();
        Installer.Run run = Installer.run(lab, inventory);
        assertEquals(0, run.exit(), run.toString());
        Measure.print("install", "setup.sh, 3 nodes and their database", t0);
        Installer.awaitClusterOf(lab, TOWER, Duration.ofMinutes(5));
        StringBuilder certificates = new StringBuilder();
        for (String host : TOWER) {
            certificates.append(lab.exec(host, "cat /etc/nginx/ssl/muster.crt").stdout());
        }
        Path ca = Files.writeString(work.resolve("cluster.crt"), certificates);
        FaultCluster cluster = new FaultCluster(lab, work, inventory, ca);
        cluster.prepareJobs();
        return cluster;
    }

    private void prepareJobs() throws IOException {
        Path project = work.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: record that this job runs
                      shell: "echo {{ mark }} >> %s"
                    - name: work for a while, or until the test releases held jobs
                      shell: "if [ {{ hold | default('no') }} = yes ]; then while [ ! -e %s ]; do sleep 1; done; fi; sleep {{ pause | default(0) }}"
                """.formatted(RUNS, RELEASE));
        Path password = Files.writeString(work.resolve("admin.password"), PASSWORD + "\n");
        ApiClient api = api("hosta");
        api.post("/api/v1/projects/", Map.of("name", "faults"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), "project", "update", "faults", project.toString(),
                "--url", url("hosta"), "--password-file", password.toString(), "--ca", ca.toString());
        assertEquals(0, exit, "project update: " + out + err);
        api.post("/api/v1/inventories/", Map.of("name", "target", "content",
                "[targets]\n" + TARGET + " ansible_host=" + lab.address(TARGET) + " ansible_user=root\n"));
        api.post("/api/v1/credentials/", Map.of("name", "lab", "username", "root",
                "ssh_key", Files.readString(lab.privateKey())));
    }

    String url(String host) {
        return "https://" + lab.address(host);
    }

    private final Map<String, ApiClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    /** One client per node, kept: its connections are reused (a TLS handshake per request is slow on a loaded machine). */
    ApiClient api(String host) {
        return clients.computeIfAbsent(host, h -> ApiClient.open(URI.create(url(h)), ApiClient.basic("admin", PASSWORD), ca,
                false, Duration.ofSeconds(60)));
    }

    /** Launches a job of {@code pause} seconds through {@code host}; the API's 201 means the job was accepted. */
    Job launch(String host, int pause) {
        return launch(host, pause, false);
    }

    private Job launch(String host, int pause, boolean held) {
        String mark = UUID.randomUUID().toString();
        JsonNode job = api(host).post("/api/v1/jobs/", Map.of("project", "faults", "playbook", "site.yml",
                "inventory", "target", "credential", "lab", "extra_vars",
                Map.of("pause", pause, "mark", mark, "hold", held ? "yes" : "no")));
        return new Job(job.path("id").asLong(), mark);
    }

    List<Job> launch(String host, int count, int pause) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(launch(host, pause, false));
        }
        return jobs;
    }

    /** {@code count} jobs that run until {@link #release()}. */
    List<Job> launchHeld(String host, int count) {
        assertEquals(0, lab.exec(TARGET, "rm -f " + RELEASE).exitCode());
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(launch(host, 0, true));
        }
        return jobs;
    }

    /** Held jobs end (within a second). */
    void release() {
        assertEquals(0, lab.exec(TARGET, "touch " + RELEASE).exitCode());
    }

    /** The job as any answering node's API serves it. */
    JsonNode job(long id) {
        ApiException last = null;
        for (String host : TOWER) {
            try {
                return api(host).get("/api/v1/jobs/" + id + "/");
            } catch (ApiException e) {
                last = e;
            }
        }
        throw last;
    }

    static boolean isFinal(JsonNode job) {
        return FINAL.contains(job.path("status").asText());
    }

    /** Waits until every job is final (via whichever node answers), and returns them by id. */
    Map<Long, JsonNode> awaitFinal(List<Job> jobs, Duration limit) {
        Map<Long, JsonNode> done = new TreeMap<>();
        await("every job final: " + jobs.size(), limit, () -> {
            for (Job j : jobs) {
                if (!done.containsKey(j.id())) {
                    try {
                        JsonNode state = job(j.id());
                        if (isFinal(state)) {
                            done.put(j.id(), state);
                        }
                    } catch (ApiException notNow) {
                        return false;
                    }
                }
            }
            return done.size() == jobs.size();
        });
        return done;
    }

    /** Waits until the job is running and returns the node that runs it. */
    String awaitRunning(Job job, Duration limit) {
        String[] node = new String[1];
        await("job " + job.id() + " running", limit, () -> {
            JsonNode state = job(job.id());
            node[0] = state.path("node").asText();
            return state.path("status").asText().equals("running");
        });
        return node[0];
    }

    /** How often each job's mark is on the target: how often it ran. */
    Map<Long, Integer> runs(List<Job> jobs) {
        String text = lab.exec(TARGET, "cat " + RUNS + " 2>/dev/null || true").stdout();
        Map<Long, Integer> counts = new LinkedHashMap<>();
        for (Job j : jobs) {
            counts.put(j.id(), (int) text.lines().filter(j.mark()::equals).count());
        }
        return counts;
    }

    /** No job ran twice; a successful one ran exactly once. */
    void assertRanAtMostOnce(List<Job> jobs, Map<Long, JsonNode> finals) {
        Map<Long, Integer> runs = runs(jobs);
        runs.forEach((id, n) -> assertTrue(n <= 1, "job " + id + " ran " + n + " times: " + finals.get(id)));
        finals.forEach((id, state) -> {
            if (state.path("status").asText().equals("successful")) {
                assertEquals(1, runs.get(id), "job " + id + " succeeded, so its mark is there once: " + state);
            }
        });
    }

    /** status per job, for the record. */
    static Map<String, Integer> tally(Map<Long, JsonNode> finals) {
        Map<String, Integer> t = new TreeMap<>();
        finals.values().forEach(j -> t.merge(j.path("status").asText(), 1, Integer::sum));
        return t;
    }

    /** /api/v1/ping through nginx on {@code host}, or null when it does not answer with JSON. */
    JsonNode ping(String host) {
        return curlJson(host, "https://127.0.0.1/api/v1/ping");
    }

    /** HTTP status and body of /api/v1/health on the node service itself (nginx may be the service down). */
    Health health(String host) {
        ExecResult r = lab.exec(host, "curl -s --max-time 20 -w '\\n%{http_code}' http://127.0.0.1:8052/api/v1/health");
        String out = r.stdout().strip();
        int nl = out.lastIndexOf('\n');
        String code = nl < 0 ? out : out.substring(nl + 1);
        return new Health(code.matches("\\d+") ? Integer.parseInt(code) : 0, nl < 0 ? "" : out.substring(0, nl));
    }

    record Health(int status, String body) {
        /** 503 with a reason for {@code part} ("database", "rabbitmq"): the body always has both keys, "ok" when fine. */
        boolean unavailableFor(String part) {
            if (status != 503) {
                return false;
            }
            try {
                String reason = JSON.readTree(body).path(part).asText("");
                return !reason.isEmpty() && !reason.equals("ok");
            } catch (IOException e) {
                return false;
            }
        }
    }

    private JsonNode curlJson(String host, String url) {
        ExecResult r = lab.exec(host, "curl -sk --max-time 20 " + url);
        try {
            JsonNode node = JSON.readTree(r.stdout());
            return node == null || !node.isObject() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** node -> its instance as {@code host}'s ping lists it (empty when ping does not answer). */
    Map<String, JsonNode> instances(String host) {
        Map<String, JsonNode> out = new TreeMap<>();
        JsonNode ping = ping(host);
        if (ping != null) {
            ping.path("instances").forEach(i -> out.put(i.path("node").asText(), i));
        }
        return out;
    }

    /** name -> "status capacity" straight from the registry table on the database host. */
    Map<String, String> registry() {
        ExecResult r = lab.exec(DATABASE, "runuser -u postgres -- psql -d muster -AtF' ' -c \"SELECT name, CASE WHEN NOT"
                + " enabled THEN 'disabled' WHEN now() - heartbeat > lost_after THEN 'lost' ELSE 'alive' END, capacity"
                + " FROM node_instance ORDER BY name\"");
        Map<String, String> rows = new TreeMap<>();
        r.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> {
            String[] f = l.split(" ", 2);
            rows.put(f[0], f.length > 1 ? f[1] : "");
        });
        return rows;
    }

    /** rabbitmqctl cluster_status on {@code host} as JSON, or null when the node does not answer. */
    JsonNode rabbitStatus(String host) {
        ExecResult r = lab.exec(host, "timeout 60 rabbitmqctl -q cluster_status --formatter json");
        try {
            JsonNode node = JSON.readTree(r.stdout());
            return r.exitCode() == 0 && node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The whole cluster is consistent: every node's RabbitMQ runs all three with no partition, every node's ping lists
     * all three alive with their capacity, the registry agrees, and /health is 200 everywhere.
     */
    String inconsistency() {
        Set<String> rabbits = new TreeSet<>();
        TOWER.forEach(h -> rabbits.add("rabbit@" + h));
        for (String host : TOWER) {
            JsonNode status = rabbitStatus(host);
            if (status == null) {
                return "rabbitmqctl cluster_status does not answer on " + host;
            }
            Set<String> running = new TreeSet<>();
            status.path("running_nodes").forEach(n -> running.add(n.asText()));
            if (!running.equals(rabbits)) {
                return host + "'s RabbitMQ runs " + running;
            }
            if (!status.path("partitions").isEmpty()) {
                return host + "'s RabbitMQ reports partitions " + status.path("partitions");
            }
            Map<String, JsonNode> instances = instances(host);
            for (String node : TOWER) {
                JsonNode i = instances.get(node);
                if (i == null || !i.path("status").asText().equals("alive") || i.path("capacity").asInt() != CAPACITY) {
                    return "ping on " + host + " lists " + node + " as " + i;
                }
            }
            Health health = health(host);
            if (health.status() != 200) {
                return "health on " + host + ": " + health;
            }
        }
        // every node consumes the job queue again (a consumer lost in a reconnect would leave a node idle for good)
        String consumers = lab.exec("hosta", "timeout 60 rabbitmqctl -q list_queues -p muster name consumers").stdout();
        if (consumers.lines().noneMatch(l -> l.matches("muster\\.jobs\\s+" + TOWER.size()))) {
            return "consumers of muster.jobs: " + consumers.strip();
        }
        Map<String, String> registry = registry();
        for (String node : TOWER) {
            if (!("alive " + CAPACITY).equals(registry.get(node))) {
                return "registry: " + registry;
            }
        }
        if (registry.size() != TOWER.size()) {
            return "registry has other rows: " + registry;
        }
        return null;
    }

    /** Waits until {@link #inconsistency()} is null; returns the seconds it took. */
    double awaitConsistent(Duration limit) {
        long t0 = System.nanoTime();
        String[] last = new String[1];
        try {
            await("a consistent cluster", limit, () -> (last[0] = inconsistency()) == null);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last: " + last[0], e);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Hosts back up and the cluster consistent before a scenario starts (an earlier one may have failed). */
    void restoreBeforeScenario() {
        release();
        for (String host : TOWER) {
            lab.exec(host, "systemctl reset-failed rabbitmq-server nginx muster-node 2>/dev/null;"
                    + " systemctl start rabbitmq-server nginx memcached muster-node");
        }
        awaitConsistent(Duration.ofMinutes(15));
    }

    /** Polls {@code condition} every 2 s until it holds, or fails after {@code limit} (generous: a loaded machine is normal). */
    static void await(String what, Duration limit, BooleanSupplier condition) {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            boolean ok;
            try {
                ok = condition.getAsBoolean();
            } catch (RuntimeException | AssertionError notYet) {
                ok = false;
            }
            if (ok) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("not reached within " + limit + ": " + what);
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** node -> what the RabbitMQ watchdog (roles/rabbitmq) said lately on it: its observations and restarts. */
    Map<String, List<String>> watchdogJournal() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String host : TOWER) {
            String text = lab.exec(host, "journalctl -u muster-rabbitmq-watchdog -o short-iso --no-pager -n 300 2>/dev/null"
                    + " | grep -E 'watching|still|restarting|gave up' | tail -n 12").stdout();
            out.put(host, text.lines().filter(l -> !l.isBlank()).toList());
        }
        return out;
    }

    /** `./manage list-nodes --json` as an operator runs it, node name -> its entry. */
    Map<String, JsonNode> manageListNodes() {
        try {
            Path output = work.resolve("manage-" + System.nanoTime() + ".out");
            Process p = new ProcessBuilder(Installer.ROOT.resolve("manage").toString(), "-i", inventory.toString(),
                    "list-nodes", "--json", "--", "--known-hosts", lab.knownHosts().toString())
                    .directory(inventory.getParent().toFile()).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(15, java.util.concurrent.TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("manage list-nodes did not end in 15 minutes");
            }
            String text = Files.readString(output);
            assertEquals(0, p.exitValue(), text);
            JsonNode all = JSON.readTree(text.substring(text.indexOf('{')));
            Map<String, JsonNode> nodes = new TreeMap<>();
            all.path("nodes").forEach(n -> nodes.put(n.path("name").asText(n.path("node").asText()), n));
            System.out.println("[faults] manage list-nodes --json: " + all);
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
