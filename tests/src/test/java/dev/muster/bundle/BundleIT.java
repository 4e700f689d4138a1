package dev.muster.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import dev.muster.setup.Installer;
import dev.muster.connection.ExecResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The offline bundle, as an operator at an air-gapped site uses it. hosta is the control machine: a
 * fresh lab host, so no Java and no route out. The bundle (bundle/build's, or -Dmuster.bundle) is
 * copied there and unpacked; then, in order:
 * <ol>
 * <li>a copy of it with one package file changed is refused before any host changes;</li>
 * <li>{@code ./setup.sh -i inventory} installs a verified 2-node cluster (hostb, hostc) with its
 * database (hostd) from it: two nodes prove the clustering (RabbitMQ join, every node's ping
 * listing both) at a third less install time than three on a 2-core CI machine;</li>
 * <li>hosta, still without Java and network, installs itself as a single node from the same
 * bundle, Tower's most common case: {@code [tower]} holding {@code localhost ansible_connection=local}.</li>
 * </ol>
 * Four hosts, each installed once: the control machine is reused as the single node.
 */
@LabHosts(value = 4, fresh = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BundleIT {

    static final String CONTROL = "hosta";
    static final List<String> TOWER = List.of("hostb", "hostc");
    static final String DATABASE = "hostd";
    static final List<String> ALL = List.of("hosta", "hostb", "hostc", "hostd");
    static final List<String> SECRETS = List.of("Adm1n-s3cret", "Pg-s3cret", "Rabb1t-s3cret", "C00kie-s3cret");

    static Path tarball;

    @BeforeAll
    static void bundle(Lab lab) throws Exception {
        tarball = BundleLab.build();
        long size = Files.size(tarball);
        System.out.printf("bundle: %s, %.1f MB%n", tarball.getFileName(), size / 1048576.0);
        assertTrue(size < 300L * 1048576, "the bundle is over 300 MB: " + size);
        // the control machine as the site has it: no Java, no route out
        ExecResult java = lab.exec(CONTROL, "command -v java || ls /usr/lib/jvm");
        assertNotEquals(0, java.exitCode(), CONTROL + " has a Java: " + java.stdout());
        List<String> addresses = ALL.stream().map(lab::address).toList();
        for (String host : ALL) {
            assertFalse(lab.exec(host, "ip route; ip -6 route").stdout().contains("default"), host + " has a route out");
        }
        BundleLab.install(lab, CONTROL, tarball);
        // from here on, every packet a host sends to anything but the inventory's hosts is counted
        ALL.forEach(host -> BundleLab.watchEgress(lab, host, addresses));
    }

    private static String vars() {
        return "\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=" + BundleLab.KEY + "\n"
                + "admin_password='Adm1n-s3cret'\npg_password='Pg-s3cret'\nrabbitmq_password='Rabb1t-s3cret'\nrabbitmq_cookie='C00kie-s3cret'\n"
                // the lab hosts see the whole machine's memory and disk; CI machines can be small
                + "min_memory_mb=1024\nmin_var_free_mb=1024\n";
    }

    private static String clusterInventory(Lab lab) {
        StringBuilder text = new StringBuilder("[tower]\n");
        TOWER.forEach(h -> text.append(h).append(" ansible_host=").append(lab.address(h)).append('\n'));
        text.append("\n[database]\n").append(DATABASE).append(" ansible_host=").append(lab.address(DATABASE)).append('\n');
        return text.append(vars()).toString();
    }

    private static void assertUntouched(Lab lab, List<String> hosts, String why) {
        for (String host : hosts) {
            ExecResult r = lab.exec(host, "test ! -e /var/lib/muster-repo && test ! -e /etc/apt/sources.list.d/muster.list"
                    + " && ! dpkg -s rabbitmq-server >/dev/null 2>&1 && ! dpkg -s postgresql >/dev/null 2>&1");
            assertEquals(0, r.exitCode(), why + ": " + host + " was changed");
        }
    }

    @Test
    @Order(1)
    void aBundleWithOneChangedPackageIsRefusedBeforeAnyHostChanges(Lab lab) {
        // a copy of the unpacked bundle (hard links, so it costs nothing) with one .deb rewritten: a new
        // file under the old name, so the original stays intact for the next tests
        String copy = "/root/bundle-changed";
        ExecResult changed = lab.exec(CONTROL, "set -e; rm -rf " + copy + "; cp -al " + BundleLab.HOME + " " + copy
                + "; cd " + copy + "/repos/debian-bookworm; f=$(ls rabbitmq-server_*.deb); cp $f $f.new; printf x >> $f.new; mv $f.new $f; echo $f");
        assertEquals(0, changed.exitCode(), changed.stderr());
        String file = "repos/debian-bookworm/" + changed.stdout().strip();
        BundleLab.write(lab, CONTROL, copy + "/inventory", clusterInventory(lab));

        BundleLab.Run run = BundleLab.setup(CONTROL, copy, "inventory");
        assertNotEquals(0, run.exit(), run.toString());
        assertTrue(run.output().contains(file + ": changed or damaged"), "the changed file is named: " + run);
        assertTrue(run.output().contains("nothing was copied to any host"), run.toString());
        assertUntouched(lab, ALL, "a changed bundle");
        assertEquals(0, lab.exec(CONTROL, "test ! -e " + copy + "/repos/debian-bookworm.tar").exitCode(), "the repository was packed");
        lab.exec(CONTROL, "rm -rf " + copy);
    }

    @Test
    @Order(2)
    void installsAVerifiedClusterFromTheBundleOnAControlMachineWithoutJavaOrNetwork(Lab lab) throws Exception {
        BundleLab.write(lab, CONTROL, BundleLab.HOME + "/inventory", clusterInventory(lab));
        BundleLab.Run run = BundleLab.setup(CONTROL, BundleLab.HOME, "inventory");
        System.out.println("air-gapped install of 2 nodes + database from the bundle: " + run.seconds() + " s");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.output().contains("installed and verified"), run.toString());
        for (String secret : SECRETS) {
            assertFalse(run.output().contains(secret), "a secret in setup's output");
        }
        Installer.assertClusterOf(lab, TOWER);
        for (String host : ALL) {
            assertEquals(0, BundleLab.egressPackets(lab, host), host + " sent packets to an address outside the inventory (nft list table inet bundle_egress there)");
        }
        // the packages came from the bundle's repository (the hosts have no other source that works)
        for (String host : List.of("hostb", "hostc", "hostd")) {
            assertEquals(0, lab.exec(host, "test -s /var/lib/muster-repo/debian-bookworm/.muster-repo-id"
                    + " && test -s /var/lib/muster-repo/debian-bookworm/Packages && test -f /etc/apt/sources.list.d/muster.list").exitCode(),
                    host + " holds no repository from the bundle");
        }
        assertEquals(0, lab.exec("hostb", "dpkg -s openjdk-17-jre-headless >/dev/null").exitCode(), "the node's Java from the bundle");
        // the control machine ran it all on the bundle's own runtime, and still has no Java of its own
        assertNotEquals(0, lab.exec(CONTROL, "command -v java").exitCode(), CONTROL + " got a Java");

        // unchanged re-run from the bundle: changes nothing
        BundleLab.Run again = BundleLab.setup(CONTROL, BundleLab.HOME, "inventory");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.output().contains("changed:  nothing"), again.toString());
        System.out.println("no-op re-run from the bundle: " + again.seconds() + " s");
    }

    @Test
    @Order(3)
    void aSingleNodeWithoutJavaOrNetworkInstallsItselfFromTheBundle(Lab lab) {
        assertUntouched(lab, List.of(CONTROL), "the control machine before its own install");
        BundleLab.write(lab, CONTROL, BundleLab.HOME + "/single", "[tower]\nlocalhost ansible_connection=local\n\n[database]\n" + vars());
        BundleLab.Run run = BundleLab.setup(CONTROL, BundleLab.HOME, "single");
        System.out.println("air-gapped single node installing itself from the bundle: " + run.seconds() + " s");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.output().contains("installed and verified"), run.toString());
        JsonNode ping = Installer.ping(lab, CONTROL);
        Set<String> alive = new TreeSet<>();
        ping.path("instances").forEach(i -> {
            if (i.path("status").asText().equals("alive")) {
                alive.add(i.path("node").asText());
            }
        });
        assertEquals(1, alive.size(), "ping on " + CONTROL + ": " + ping);
        assertTrue(ping.path("database").path("reachable").asBoolean(), "ping on " + CONTROL + ": " + ping);
        assertEquals(1, Installer.runningRabbitNodes(lab, CONTROL).size(), "RabbitMQ on " + CONTROL);
        assertEquals("active", lab.exec(CONTROL, "systemctl is-active postgresql@15-main").stdout().strip());
        assertEquals(0, BundleLab.egressPackets(lab, CONTROL), CONTROL + " sent packets to an address outside the inventory");
    }

}
