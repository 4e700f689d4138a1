package dev.muster.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import dev.muster.setup.Installer;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./manage on a cluster installed by ./setup.sh (3 [tower] nodes and a [database] host, fresh lab hosts): refusals
 * that change nothing, disable/enable, deprovisioning a killed node (which stays out when its host comes back, and
 * is wiped by a second run), setup joining that host again with fresh state, deprovisioning a live node by two
 * runs at once, and the last node refused. One install, reused by every step in order.
 */
@LabHosts(value = 4, fresh = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManageIT {

    static final List<String> TOWER = List.of("hosta", "hostb", "hostc");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static Path inventory;
    static String oldUuidOfC;

    record Run(int exit, String output, double seconds) {
        @Override
        public String toString() {
            return "exit " + exit + " after " + seconds + " s:\n" + output;
        }
    }

    @BeforeAll
    static void repository() {
        Installer.ensureRepository();
    }

    static Run manage(Lab lab, String... args) {
        try {
            return waitFor(start(lab, args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Started(Process process, Path output, long t0) {
    }

    static Started start(Lab lab, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Installer.ROOT.resolve("manage").toString(), "-i", inventory.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--", "--known-hosts", lab.knownHosts().toString()));
        Path output = work.resolve("manage-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(command).directory(inventory.getParent().toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectOutput(output.toFile()).start();
        return new Started(p, output, System.nanoTime());
    }

    static Run waitFor(Started s) {
        try {
            if (!s.process().waitFor(15, TimeUnit.MINUTES)) {
                s.process().destroyForcibly();
                throw new AssertionError("manage did not end in 15 minutes:\n" + Files.readString(s.output()));
            }
            Run run = new Run(s.process().exitValue(), Files.readString(s.output(), StandardCharsets.UTF_8),
                    Math.round((System.nanoTime() - s.t0()) / 1e8) / 10.0);
            System.out.println("[manage] " + run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** node name -> instance, as ping on {@code host} lists them. */
    static Map<String, JsonNode> instances(Lab lab, String host) {
        Map<String, JsonNode> byName = new TreeMap<>();
        Installer.ping(lab, host).path("instances").forEach(i -> byName.put(i.path("node").asText(), i));
        return byName;
    }

    /** Waits until ping on {@code host} satisfies the condition (the view follows the heartbeat: 15 s). */
    static Map<String, JsonNode> awaitInstances(Lab lab, String host, Predicate<Map<String, JsonNode>> condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        Map<String, JsonNode> last = Map.of();
        while (System.nanoTime() < end) {
            last = instances(lab, host);
            if (condition.test(last)) {
                return last;
            }
            sleep(3000);
        }
        throw new AssertionError(what + ": ping on " + host + " lists " + last);
    }

    static List<String> rabbitMembers(Lab lab, String host) {
        try {
            JsonNode status = JSON.readTree(lab.exec(host, "rabbitmqctl -q cluster_status --formatter json").stdout());
            List<String> members = new ArrayList<>();
            status.path("disk_nodes").forEach(n -> members.add(n.asText()));
            status.path("ram_nodes").forEach(n -> members.add(n.asText()));
            return members.stream().sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> sorted(List<String> l) {
        return l.stream().sorted().toList();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void assertClusterOf(Lab lab, List<String> nodes) {
        List<String> rabbit = nodes.stream().map(n -> "rabbit@" + n).sorted().toList();
        for (String host : nodes) {
            awaitInstances(lab, host, m -> m.keySet().equals(new java.util.TreeSet<>(nodes))
                    && m.values().stream().allMatch(i -> i.path("status").asText().equals("alive")), "the cluster is " + nodes);
            assertEquals(rabbit, rabbitMembers(lab, host), "RabbitMQ members on " + host);
            assertEquals(rabbit, sorted(Installer.runningRabbitNodes(lab, host)), "RabbitMQ running nodes on " + host);
        }
    }

    static void assertRetired(Lab lab, String host) {
        for (String unit : List.of("muster-node", "rabbitmq-server")) {
            assertNotEquals("active", lab.exec(host, "systemctl is-active " + unit).stdout().strip(), unit + " on " + host);
            assertEquals("disabled", lab.exec(host, "systemctl is-enabled " + unit).stdout().strip(), unit + " on " + host);
        }
        assertEquals(0, lab.exec(host, "test -z \"$(ls -A /var/lib/rabbitmq/mnesia)\" && test ! -e /var/lib/muster/node-id").exitCode(),
                "RabbitMQ data and node identity wiped on " + host);
    }

    static JsonNode listNodes(Lab lab) {
        Run run = manage(lab, "list-nodes", "--json");
        assertEquals(0, run.exit(), run.toString());
        try {
            return JSON.readTree(run.output().substring(run.output().indexOf('{')));
        } catch (IOException e) {
            throw new AssertionError(run.toString(), e);
        }
    }

    @Test
    @Order(1)
    void install(Lab lab) {
        inventory = Installer.inventory(lab, work.resolve("cluster"), TOWER, List.of("hostd"));
        Installer.Run setup = Installer.run(lab, inventory);
        assertEquals(0, setup.exit(), setup.toString());
        assertClusterOf(lab, TOWER);
        oldUuidOfC = instances(lab, "hosta").get("hostc").path("uuid").asText();
    }

    @Test
    @Order(2)
    void refusalsChangeNothingAndDisableTakesCapacityToZero(Lab lab) {
        Run unknown = manage(lab, "--yes", "deprovision-node", "nosuch");
        assertEquals(1, unknown.exit(), unknown.toString());
        assertTrue(unknown.output().contains("nosuch is not a registered node (registered: hosta, hostb, hostc"), unknown.toString());
        Run unasked = manage(lab, "deprovision-node", "hostc");
        assertEquals(1, unasked.exit(), unasked.toString());
        assertTrue(unasked.output().contains("give --yes"), unasked.toString());
        assertEquals(3, instances(lab, "hosta").size());

        JsonNode nodes = listNodes(lab).path("nodes");
        assertEquals(3, nodes.size(), nodes.toString());
        nodes.forEach(n -> assertEquals("running", n.path("rabbitmq").path("membership").asText(), n.toString()));
        Run table = manage(lab, "list-nodes");
        assertTrue(table.output().contains("NODE") && table.output().contains("hostb"), table.toString());
        Run ping = manage(lab, "ping");
        assertTrue(ping.output().contains("3 of 3 nodes running"), ping.toString());

        Run disable = manage(lab, "disable-node", "hostb");
        assertEquals(0, disable.exit(), disable.toString());
        awaitInstances(lab, "hosta", m -> m.get("hostb").path("capacity").asInt() == 0
                && m.get("hostb").path("status").asText().equals("disabled"), "hostb disabled");
        Run enable = manage(lab, "enable-node", "hostb");
        assertEquals(0, enable.exit(), enable.toString());
        awaitInstances(lab, "hosta", m -> m.get("hostb").path("capacity").asInt() > 0
                && m.get("hostb").path("status").asText().equals("alive"), "hostb enabled");
    }

    @Test
    @Order(3)
    void aKilledNodeIsDeprovisionedAndStaysOutWhenItComesBack(Lab lab) {
        lab.kill("hostc");
        Run dead = manage(lab, "--yes", "deprovision-node", "hostc");
        assertEquals(0, dead.exit(), dead.toString());
        assertTrue(dead.output().contains("hostc: not reachable"), dead.toString());
        assertTrue(dead.output().contains("Now remove hostc from"), dead.toString());
        System.out.println("[measure] deprovision of a killed node: " + dead.seconds() + " s");
        assertClusterOf(lab, List.of("hosta", "hostb"));

        lab.start("hostc");
        // its node service starts at boot (it is still enabled there) and must refuse; RabbitMQ tries to boot
        long end = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        String journal = "";
        while (System.nanoTime() < end && !journal.contains("was deprovisioned")) {
            sleep(5000);
            assertNotEquals("active", lab.exec("hostc", "systemctl is-active muster-node").stdout().strip(), "hostc's node service runs");
            journal = lab.exec("hostc", "journalctl -u muster-node -o cat --no-pager").stdout();
        }
        assertTrue(journal.contains("was deprovisioned"), journal);
        sleep(30_000); // two heartbeats of the others
        assertClusterOf(lab, List.of("hosta", "hostb"));
        JsonNode registry = listNodes(lab);
        assertEquals(2, registry.path("nodes").size(), registry.toString());

        Run again = manage(lab, "--yes", "deprovision-node", "hostc");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.output().contains("hostc is already deprovisioned"), again.toString());
        assertRetired(lab, "hostc");
        assertClusterOf(lab, List.of("hosta", "hostb"));
    }

    @Test
    @Order(4)
    void setupJoinsTheDeprovisionedHostAgainWithFreshState(Lab lab) {
        Installer.Run setup = Installer.run(lab, inventory);
        assertEquals(0, setup.exit(), setup.toString());
        assertClusterOf(lab, TOWER);
        assertNotEquals(oldUuidOfC, instances(lab, "hosta").get("hostc").path("uuid").asText(), "a new node identity");
    }

    @Test
    @Order(5)
    void aLiveNodeDeprovisionedByTwoRunsAtOnce(Lab lab) throws IOException {
        Started first = start(lab, "--yes", "deprovision-node", "hostb");
        Started second = start(lab, "--yes", "deprovision-node", "hostb");
        Run one = waitFor(first);
        Run two = waitFor(second);
        assertEquals(0, one.exit(), one.toString());
        assertEquals(0, two.exit(), two.toString());
        String both = one.output() + two.output();
        assertTrue(both.contains("deprovisioned hostb ("), both);
        System.out.println("[measure] deprovision of a live node (two runs at once): " + one.seconds() + " s and " + two.seconds() + " s");
        assertRetired(lab, "hostb");
        assertClusterOf(lab, List.of("hosta", "hostc"));
        Run third = manage(lab, "--yes", "deprovision-node", "hostb");
        assertEquals(0, third.exit(), third.toString());
        assertTrue(third.output().contains("hostb is already deprovisioned"), third.toString());
    }

    @Test
    @Order(6)
    void theLastNodeIsRefused(Lab lab) {
        Run live = manage(lab, "--yes", "deprovision-node", "hostc");
        assertEquals(0, live.exit(), live.toString());
        System.out.println("[measure] deprovision of a live node: " + live.seconds() + " s");
        assertClusterOf(lab, List.of("hosta"));
        Run last = manage(lab, "--yes", "deprovision-node", "hosta");
        assertEquals(1, last.exit(), last.toString());
        assertTrue(last.output().contains("hosta is the last registered node"), last.toString());
        assertClusterOf(lab, List.of("hosta"));
    }
}
