package dev.muster.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.lab.Lab;
import dev.muster.connection.ExecResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Runs the real ./setup.sh of this checkout as an operator does, in its own process, against lab hosts. */
public final class Installer {

    public static final Path ROOT = Path.of(System.getProperty("muster.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a setup run printed, and its part of setup.log. */
    public record Run(int exit, String output, List<JsonNode> events) {

        /** host -> recap counters of this run. */
        public Map<String, JsonNode> recap() {
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).path("event").asText().equals("recap")) {
                    Map<String, JsonNode> hosts = new TreeMap<>();
                    events.get(i).path("hosts").fields().forEachRemaining(e -> hosts.put(e.getKey(), e.getValue()));
                    return hosts;
                }
            }
            throw new AssertionError("no recap in this run's log; output:\n" + output);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n" + output;
        }
    }

    private Installer() {
    }

    /** The lab has no route out: the installer's package repository must exist (bundle/repo builds it, warm in seconds). */
    public static synchronized void ensureRepository() {
        if (Files.isRegularFile(ROOT.resolve("repos/debian-bookworm/SHA256SUMS"))) {
            return;
        }
        try {
            Process build = new ProcessBuilder(ROOT.resolve("bundle/repo").toString()).inheritIO().start();
            assertEquals(0, build.waitFor(), "bundle/repo failed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A Tower-style inventory: [tower] and [database] lab hosts, the secrets, and extra [all:vars] lines. */
    public static Path inventory(Lab lab, Path dir, List<String> tower, List<String> database, String... vars) {
        StringBuilder text = new StringBuilder("[tower]\n");
        tower.forEach(h -> text.append(h).append(" ansible_host=").append(lab.address(h)).append('\n'));
        text.append("\n[database]\n");
        database.forEach(h -> text.append(h).append(" ansible_host=").append(lab.address(h)).append('\n'));
        text.append("\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=").append(lab.privateKey()).append('\n');
        text.append("admin_password='Adm1n-s3cret'\npg_password='Pg-s3cret'\nrabbitmq_password='Rabb1t-s3cret'\n")
                .append("rabbitmq_cookie='C00kie-s3cret'\n");
        for (String line : vars) {
            text.append(line).append('\n');
        }
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("inventory");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secrets {@link #inventory} writes, which must never show anywhere. */
    public static List<String> secrets() {
        return List.of("Adm1n-s3cret", "Pg-s3cret", "Rabb1t-s3cret", "C00kie-s3cret");
    }

    static Process start(Lab lab, Path inventory, Path output, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("setup.sh").toString(), "-i", inventory.toString()));
        command.addAll(List.of(extra));
        command.addAll(List.of("--", "--known-hosts", lab.knownHosts().toString()));
        return new ProcessBuilder(command).directory(inventory.getParent().toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    public static Run run(Lab lab, Path inventory, String... extra) {
        Path output = inventory.resolveSibling("setup-" + System.nanoTime() + ".out");
        Path log = inventory.resolveSibling("setup.log");
        try {
            long offset = Files.exists(log) ? Files.size(log) : 0;
            Process process = start(lab, inventory, output, extra);
            if (!process.waitFor(40, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("setup did not end in 40 minutes:\n" + Files.readString(output));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.println(text.lines().filter(l -> !l.startsWith("  ... ")).reduce("", (a, b) -> a + b + "\n"));
            return new Run(process.exitValue(), text, events(log, offset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<JsonNode> events(Path log, long offset) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        if (!Files.exists(log)) {
            return events;
        }
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) Math.min(offset, all.length), (int) (all.length - Math.min(offset, all.length)), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException cutByAKill) {
                    // the last line of a killed run
                }
            }
        }
        return events;
    }

    /** Waits (generously: a loaded machine is normal) until {@code condition} holds for the file's text. */
    static void awaitText(Path file, Predicate<String> condition, Duration limit, Process alive) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            if (condition.test(text)) {
                return;
            }
            if (!alive.isAlive()) {
                throw new AssertionError("setup ended before the awaited point:\n" + text);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not reached within " + limit + ": " + file);
    }

    /** The JSON of /api/v1/ping as nginx serves it on {@code host}. */
    public static JsonNode ping(Lab lab, String host) {
        ExecResult result = lab.exec(host, "curl -sk --max-time 20 https://127.0.0.1/api/v1/ping");
        try {
            return JSON.readTree(result.stdout());
        } catch (IOException e) {
            throw new AssertionError("ping on " + host + " is not JSON: " + result.stdout() + result.stderr(), e);
        }
    }

    /** Running RabbitMQ nodes as {@code host}'s rabbitmqctl sees them. */
    public static List<String> runningRabbitNodes(Lab lab, String host) {
        ExecResult result = lab.exec(host, "rabbitmqctl -q cluster_status --formatter json");
        try {
            List<String> nodes = new ArrayList<>();
            JSON.readTree(result.stdout()).path("running_nodes").forEach(n -> nodes.add(n.asText()));
            return nodes;
        } catch (IOException e) {
            throw new AssertionError("cluster_status on " + host + ": " + result.stdout() + result.stderr(), e);
        }
    }

    /** The main PID of a systemd unit on a host ("0" when it is not running). */
    public static String mainPid(Lab lab, String host, String unit) {
        return lab.exec(host, "systemctl show -p MainPID --value " + unit).stdout().strip();
    }

    /** Every node's ping (through nginx) lists every node alive, and every node's RabbitMQ runs them all. */
    /**
     * {@link #assertClusterOf}, once the cluster has had the time to get there: a node service just started needs a
     * few heartbeats before the others count it alive again, longer on a busy machine.
     */
    public static void awaitClusterOf(Lab lab, List<String> nodes, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertClusterOf(lab, nodes);
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the cluster", e);
            }
        }
    }

    public static void assertClusterOf(Lab lab, List<String> nodes) {
        for (String host : nodes) {
            JsonNode ping = Installer.ping(lab, host);
            Set<String> alive = new TreeSet<>();
            ping.path("instances").forEach(i -> {
                if (i.path("status").asText().equals("alive")) {
                    alive.add(i.path("node").asText());
                }
            });
            assertEquals(new TreeSet<>(nodes), alive, "ping on " + host + ": " + ping);
            assertTrue(ping.path("database").path("reachable").asBoolean(), "ping on " + host + ": " + ping);
            List<String> running = Installer.runningRabbitNodes(lab, host);
            Set<String> expected = new TreeSet<>();
            nodes.forEach(n -> expected.add("rabbit@" + n));
            assertEquals(expected, new TreeSet<>(running), "RabbitMQ on " + host);
        }
    }
}
