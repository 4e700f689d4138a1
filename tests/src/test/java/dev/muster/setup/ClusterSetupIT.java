package dev.muster.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import dev.muster.connection.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./setup.sh on fresh lab hosts with nothing pre-installed and no route out: refuses bad
 * inventories before any host changes, installs 3 [tower] nodes and a [database] host, changes
 * nothing on a re-run, grows to 4 nodes (even after the control machine was killed in the
 * middle of the rabbitmq role) without restarting the old nodes' services, repairs a node whose
 * RabbitMQ will not start after a join by a plain re-run, and installs a single node on its own. The tests run in order on one cluster: each builds on the last.
 */
@LabHosts(value = 6, fresh = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSetupIT {

    static final List<String> TOWER = List.of("hosta", "hostb", "hostc");
    static final String DATABASE = "hostd";
    static final String GROWN = "hoste";
    static final String SINGLE = "hostf";

    @TempDir
    static Path work;

    @BeforeAll
    static void repository() {
        Installer.ensureRepository();
    }

    private static Path clusterInventory(Lab lab, List<String> tower, String... vars) {
        return Installer.inventory(lab, work.resolve("cluster"), tower, List.of(DATABASE), vars);
    }

    private static void assertUntouched(Lab lab, List<String> hosts, String why) {
        for (String host : hosts) {
            ExecResult r = lab.exec(host, "test ! -e /var/lib/muster-repo && test ! -e /etc/apt/sources.list.d/muster.list && ! dpkg -s rabbitmq-server");
            assertEquals(0, r.exitCode(), why + ": " + host + " was changed");
        }
    }

    @Test
    @Order(1)
    void badInventoriesFailBeforeAnyHostChanges(Lab lab) {
        List<String> all = List.of("hosta", "hostb", "hostc", "hostd");
        record Case(String name, Path inventory, String expected) {
        }
        Path dir = work.resolve("bad");
        List<Case> cases = List.of(
                new Case("no [tower] host", Installer.inventory(lab, dir.resolve("a"), List.of(), List.of(DATABASE)), "no [tower] host"),
                new Case("two [database] hosts", Installer.inventory(lab, dir.resolve("b"), TOWER, List.of("hostd", "hoste")),
                        "[database] has 2 hosts"),
                new Case("empty rabbitmq_password", Installer.inventory(lab, dir.resolve("c"), TOWER, List.of(DATABASE),
                        "rabbitmq_password=''"), "rabbitmq_password is empty"),
                new Case("FQDN names with short RabbitMQ names", fqdnInventory(lab, dir.resolve("d")), "set rabbitmq_use_long_name=true"));
        for (Case c : cases) {
            Installer.Run run = Installer.run(lab, c.inventory());
            assertEquals(4, run.exit(), c.name() + ": " + run);
            assertTrue(run.output().contains(c.expected()), c.name() + ": " + run);
            assertTrue(run.output().contains("no host was touched"), c.name() + ": " + run);
        }
        assertUntouched(lab, all, "a refused inventory");

        // an unreachable host: the preflight play stops everything before the first change
        Path unreachable = Installer.inventory(lab, dir.resolve("e"), TOWER, List.of(DATABASE));
        appendLine(unreachable, "[tower]\nhostz ansible_host=" + unusedAddress(lab));
        Installer.Run gone = Installer.run(lab, unreachable);
        assertNotEquals(0, gone.exit(), gone.toString());
        assertTrue(gone.output().contains("hostz"), gone.toString());
        assertUntouched(lab, all, "an unreachable host");

        // too little memory for the threshold: the message names the variable that lowers it
        Installer.Run small = Installer.run(lab, clusterInventory(lab, TOWER, "min_memory_mb=100000000"));
        assertNotEquals(0, small.exit(), small.toString());
        assertTrue(small.output().contains("below min_memory_mb=100000000"), small.toString());
        assertTrue(small.output().contains("-e min_memory_mb="), small.toString());
        assertUntouched(lab, all, "a host below the memory threshold");
    }

    @Test
    @Order(2)
    void installsAVerifiedClusterOfThreeNodesAndADatabase(Lab lab) throws Exception {
        Path inventory = clusterInventory(lab, TOWER, "min_memory_mb=100000000");
        Set<String> leaked = new TreeSet<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = sampleCommandLines(lab, List.of("hosta", "hostb", "hostc", "hostd"), sampling, leaked);
        long start = System.nanoTime();
        // the threshold in the inventory would refuse every host: -e overrides it
        Installer.Run run = Installer.run(lab, inventory, "-e", "min_memory_mb=1024");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        sampling.set(false);
        sampler.join();
        assertEquals(0, run.exit(), run.toString());
        System.out.println("fresh 3+1 install: " + seconds + " s");
        List<String> joins = joins(run);
        joins.forEach(j -> System.out.println("join " + j.replace('\n', ' ')));
        assertEquals(List.of("hostb", "hostc"), joins.stream().map(j -> j.substring(0, j.indexOf(':'))).toList(), joins.toString());
        assertTrue(run.output().contains("installed and verified"), run.toString());
        assertTrue(leaked.isEmpty(), "secrets on a target's command line: " + leaked);
        for (String secret : Installer.secrets()) {
            assertFalse(run.output().contains(secret), "a secret in setup's output");
            assertFalse(Files.readString(inventory.resolveSibling("setup.log")).contains(secret), "a secret in setup.log");
        }
        Installer.assertClusterOf(lab, TOWER);

        // PostgreSQL: the [tower] hosts hold the node service's sessions; anyone else is refused by pg_hba
        ExecResult sessions = lab.exec(DATABASE, "runuser -u postgres -- psql -Atc \"select distinct client_addr from pg_stat_activity where usename = 'muster'\"");
        for (String host : TOWER) {
            assertTrue(sessions.stdout().contains(lab.address(host)), "no session from " + host + ": " + sessions.stdout());
        }
        ExecResult refused = lab.exec(DATABASE, "PGPASSWORD='Pg-s3cret' psql -h " + lab.address(DATABASE) + " -U muster -d muster -c 'select 1'");
        assertNotEquals(0, refused.exitCode(), "a host outside [tower] was let in");
        // pg_hba.conf ends with explicit reject lines: anyone not listed is refused by them
        assertTrue(refused.stderr().contains("pg_hba.conf rejects connection"), refused.stderr());
        assertEquals("400 rabbitmq", lab.exec("hosta", "stat -c '%a %U' /var/lib/rabbitmq/.erlang.cookie").stdout().strip());
        assertEquals("640 root muster", lab.exec("hosta", "stat -c '%a %U %G' /etc/muster/node.conf").stdout().strip());
    }

    @Test
    @Order(3)
    void aSecondRunChangesNothing(Lab lab) {
        long start = System.nanoTime();
        Installer.Run run = Installer.run(lab, clusterInventory(lab, TOWER));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(0, run.exit(), run.toString());
        System.out.println("no-op re-run of 3+1: " + seconds + " s");
        run.recap().forEach((host, stats) -> assertEquals(0, stats.path("changed").asInt(), host + " changed: " + run));
        assertTrue(run.output().contains("changed:  nothing"), run.toString());
    }

    @Test
    @Order(4)
    void growsToFourNodesAfterAKilledRunWithoutRestartingTheOldOnes(Lab lab) throws Exception {
        Map<String, String> pids = new HashMap<>();
        for (String host : TOWER) {
            for (String unit : List.of("rabbitmq-server", "nginx", "memcached")) {
                pids.put(host + " " + unit, Installer.mainPid(lab, host, unit));
            }
        }
        pids.put(DATABASE + " postgresql@15-main", Installer.mainPid(lab, DATABASE, "postgresql@15-main"));
        pids.values().forEach(pid -> assertNotEquals("0", pid));

        List<String> grown = new ArrayList<>(TOWER);
        grown.add(GROWN);
        Path inventory = clusterInventory(lab, grown);
        Path log = inventory.resolveSibling("setup.log");
        long offset = Files.exists(log) ? Files.size(log) : 0;
        Path output = inventory.resolveSibling("killed.out");
        Process killed = Installer.start(lab, inventory, output);
        // the control machine dies in the middle of the rabbitmq role: SIGKILL, no clean-up of any kind
        Installer.awaitText(log, text -> text.length() > offset && text.substring((int) offset).contains("\"task\":\"rabbitmq : "),
                Duration.ofMinutes(30), killed);
        killed.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        killed.destroyForcibly();
        killed.waitFor();

        Installer.Run run = Installer.run(lab, inventory);
        assertEquals(0, run.exit(), run.toString());
        Installer.assertClusterOf(lab, grown);
        pids.forEach((what, pid) -> {
            String[] parts = what.split(" ");
            assertEquals(pid, Installer.mainPid(lab, parts[0], parts[1]), what + " was restarted by adding a node");
        });
    }

    @Test
    @Order(5)
    void changedPasswordsAreAppliedEverywhere(Lab lab) {
        List<String> grown = new ArrayList<>(TOWER);
        grown.add(GROWN);
        // later lines of [all:vars] win: the inventory now carries new passwords
        Path inventory = clusterInventory(lab, grown, "pg_password='Pg-n3w-s3cret'", "rabbitmq_password='Rabb1t-n3w-s3cret'");
        Installer.Run run = Installer.run(lab, inventory);
        assertEquals(0, run.exit(), run.toString());
        Installer.assertClusterOf(lab, grown);
        ExecResult login = lab.exec(DATABASE, "PGPASSWORD='Pg-n3w-s3cret' psql -U muster -d muster -Atc 'select 1'");
        assertEquals(0, login.exitCode(), "PostgreSQL takes the new password: " + login.stderr());
        ExecResult old = lab.exec(DATABASE, "PGPASSWORD='Pg-s3cret' psql -U muster -d muster -Atc 'select 1'");
        assertNotEquals(0, old.exitCode(), "PostgreSQL still takes the old password");
        ExecResult rabbit = lab.exec("hosta", "printf '%s' 'Rabb1t-n3w-s3cret' | rabbitmqctl -q authenticate_user muster");
        assertEquals(0, rabbit.exitCode(), "RabbitMQ takes the new password: " + rabbit.stdout() + rabbit.stderr());
    }

    @Test
    @Order(6)
    void aReRunRepairsANodeWhoseRabbitmqWillNotStartAfterAJoin(Lab lab) {
        List<String> grown = new ArrayList<>(TOWER);
        grown.add(GROWN);
        Path inventory = clusterInventory(lab, grown, "pg_password='Pg-n3w-s3cret'", "rabbitmq_password='Rabb1t-n3w-s3cret'");
        // What a join that went wrong leaves (seen as mnesia's badmatch when the node boots): a node whose database
        // no longer matches its cluster's, so its RabbitMQ will not start again. Here its schema is garbled.
        String broken = "hostc";
        ExecResult garble = lab.exec(broken, "systemctl stop rabbitmq-server && schema=$(ls /var/lib/rabbitmq/mnesia/rabbit@" + broken
                + "/schema.DAT) && head -c 4096 /dev/urandom > \"$schema\" && chown rabbitmq:rabbitmq \"$schema\"");
        assertEquals(0, garble.exitCode(), garble.stdout() + garble.stderr());
        ExecResult start = lab.exec(broken, "timeout 600 systemctl start rabbitmq-server");
        assertNotEquals(0, start.exitCode(), "RabbitMQ on " + broken + " still starts: nothing to repair");
        lab.exec(broken, "systemctl stop rabbitmq-server");

        long begin = System.nanoTime();
        Installer.Run run = Installer.run(lab, inventory);
        long seconds = (System.nanoTime() - begin) / 1_000_000_000L;
        assertEquals(0, run.exit(), run.toString());
        System.out.println("repair re-run of 4+1 (" + broken + "'s RabbitMQ would not start): " + seconds + " s");
        // the join unit (delegated to each node in turn) wiped and joined the broken node, and only that one
        List<String> joins = joins(run);
        assertEquals(1, joins.size(), "joins: " + joins);
        assertTrue(joins.get(0).startsWith(broken + ": repairing: rabbit@" + broken + "'s mnesia directory wiped"), joins.get(0));
        assertTrue(joins.get(0).contains("joined: rabbit@" + broken + " joined rabbit@hosta in "), joins.get(0));
        System.out.println("repair join: " + joins.get(0).replace('\n', ' '));
        // every node in every node's cluster_status and ping, the node service of the repaired node reconnected
        Installer.awaitClusterOf(lab, grown, Duration.ofMinutes(5));
        assertEquals("active", lab.exec(broken, "systemctl is-active rabbitmq-server").stdout().strip());
        assertFalse(lab.exec(broken, "test -e /run/muster-rabbitmq-watchdog/setup-hold").exitCode() == 0, "setup's hold left behind");
    }

    @Test
    @Order(7)
    void installsASingleNodeOnItsOwn(Lab lab) {
        Path inventory = Installer.inventory(lab, work.resolve("single"), List.of(SINGLE), List.of());
        Installer.Run run = Installer.run(lab, inventory);
        assertEquals(0, run.exit(), run.toString());
        Installer.assertClusterOf(lab, List.of(SINGLE));
        assertEquals("active", lab.exec(SINGLE, "systemctl is-active postgresql@15-main").stdout().strip());
        Installer.Run again = Installer.run(lab, inventory);
        assertEquals(0, again.exit(), again.toString());
        again.recap().forEach((host, stats) -> assertEquals(0, stats.path("changed").asInt(), host + " changed: " + again));
    }

    /** The RabbitMQ joins a run made (roles/rabbitmq's one-at-a-time loop): "NODE: the join unit's output" each. */
    private static List<String> joins(Installer.Run run) {
        List<String> joins = new ArrayList<>();
        for (JsonNode e : run.events()) {
            if (e.path("event").asText().equals("item_result") && e.path("status").asText().equals("CHANGED")
                    && e.path("task").asText().endsWith("RabbitMQ nodes joined to the first node's cluster, one at a time")) {
                joins.add(e.path("item").asText() + ": " + e.path("data").path("stdout").asText());
            }
        }
        return joins;
    }

    /** Samples every process's command line on the hosts while setup runs, looking for the inventory's secrets. */
    private static Thread sampleCommandLines(Lab lab, List<String> hosts, AtomicBoolean sampling, Set<String> leaked) {
        ConcurrentLinkedQueue<String> found = new ConcurrentLinkedQueue<>();
        Thread thread = new Thread(() -> {
            while (sampling.get()) {
                for (String host : hosts) {
                    String ps = lab.exec(host, "ps -eo args").stdout();
                    for (String secret : Installer.secrets()) {
                        ps.lines().filter(l -> l.contains(secret)).forEach(l -> found.add(host + ": " + l));
                    }
                }
            }
            leaked.addAll(found);
        }, "ps-sampler");
        thread.start();
        return thread;
    }

    private static Path fqdnInventory(Lab lab, Path dir) {
        Path inventory = Installer.inventory(lab, dir, List.of(), List.of(DATABASE));
        appendLine(inventory, "[tower]\nhosta.lab.test ansible_host=" + lab.address("hosta"));
        return inventory;
    }

    private static void appendLine(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file) + "\n" + text + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An address on the lab's network that no host holds: connecting to it times out or finds no route. */
    private static String unusedAddress(Lab lab) {
        String gateway = lab.gateway();
        return gateway.substring(0, gateway.lastIndexOf('.') + 1) + "250";
    }
}
