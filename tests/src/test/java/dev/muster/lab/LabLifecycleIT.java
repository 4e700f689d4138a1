package dev.muster.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.muster.connection.ExecResult;
import org.junit.jupiter.api.Test;

/** up from nothing is fast and gives ssh-ready hosts; down leaves nothing of the lab on the machine. */
@LabHosts(0)
class LabLifecycleIT {

    @Test
    void upThreeFromDownAnswersSshWithinThirtySeconds(Lab shared) throws IOException {
        shared.down();
        long start = System.nanoTime();
        Lab lab = shared.up(3);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        for (String host : lab.hosts()) {
            // the real ssh client, strict host key checking against the lab's known_hosts
            ExecResult r = lab.ssh(host, "hostname; systemctl is-system-running --wait");
            assertEquals(0, r.exitCode(), () -> host + ": " + r.stdout() + r.stderr() + " failed units: "
                    + lab.exec(host, "systemctl --failed --no-legend; journalctl -b -p warning --no-pager | tail -n 20").stdout());
            assertEquals(List.of(host, "running"), r.stdout().lines().toList(), host);
        }
        took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println("lab: up 3 from down, ssh answering on all: " + took.toMillis() + " ms");
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "up 3 took " + took);

        // hosts are detached from the JVM (own session, not our children), so they outlive the test run if asked to
        long nspawn = Long.parseLong(Files.readString(lab.stateDir().resolve("hosts/hosta/nspawn.pid")).strip());
        String[] stat = Files.readString(Path.of("/proc/" + nspawn + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
        assertEquals(Long.toString(nspawn), stat[3], "nspawn leads its own session");
        assertTrue(ProcessHandle.of(nspawn).flatMap(ProcessHandle::parent).map(p -> p.pid() != ProcessHandle.current().pid()).orElse(true));

        // up is idempotent: running hosts are not rebooted (/run is a fresh tmpfs on every boot)
        assertEquals(0, lab.exec("hosta", "touch /run/still-booted").exitCode());
        shared.up(3);
        assertEquals(0, lab.exec("hosta", "test -e /run/still-booted").exitCode(), "up rebooted a running host");

        String inventory = Files.readString(lab.inventory());
        for (String host : lab.hosts()) {
            assertTrue(inventory.contains(host + " ansible_host=" + lab.address(host)), inventory);
        }
        assertTrue(inventory.contains("ansible_user=root"), inventory);
        assertTrue(inventory.contains("ansible_ssh_private_key_file=" + lab.privateKey()), inventory);
        assertTrue(Files.isRegularFile(lab.privateKey()));
    }

    @Test
    void downLeavesNoLinkMountOrProcess(Lab shared) throws IOException {
        Lab lab = shared.up(2);
        String bridge = lab.bridge();
        Path hostsDir = lab.stateDir().resolve("hosts");
        String vethPrefix = "vb-lab" + bridge.substring("musterbr".length()) + "-";
        // positive control: while up, the probes see the lab
        assertTrue(links().stream().anyMatch(l -> l.equals(bridge)), "bridge " + bridge + " in " + links());
        assertTrue(links().stream().anyMatch(l -> l.startsWith(vethPrefix)), "veths in " + links());
        // a host's overlay lives in its own mount namespace, over its upper dir in the state dir
        assertTrue(lab.exec("hosta", "cat /proc/mounts").stdout().contains("upperdir=" + hostsDir.resolve("hosta")),
                "hosta's root is an overlay over its upper dir");
        assertTrue(!processesMentioning(hostsDir.toString()).isEmpty(), "nspawn processes while up");
        List<String> namespaces = netnsOfHosts(lab);
        assertEquals(2, namespaces.size(), "each host has its own network namespace");
        assertEquals(2, processesIn(namespaces).size(), "namespaces are seen from the machine");

        List<Path> cgroups = hostCgroups(vethPrefix.substring("vb-".length()));
        assertTrue(!cgroups.isEmpty(), "each host runs in its own cgroup");

        lab.down();

        assertTrue(links().stream().noneMatch(l -> l.equals(bridge) || l.startsWith(vethPrefix)), "links left: " + links());
        assertEquals(0, mountsMentioning(hostsDir), "mounts left in /proc/mounts");
        assertEquals(List.of(), processesMentioning(hostsDir.toString()), "processes left");
        assertEquals(List.of(), processesIn(namespaces), "processes left in the hosts' network namespaces");
        assertTrue(!Files.exists(hostsDir), "host disks left in " + hostsDir);
        assertEquals(List.of(), cgroups.stream().filter(Files::exists).toList(), "cgroups left");
        assertTrue(lab.status().isEmpty(), "status after down: " + lab.status());
    }

    /** The hosts' cgroup directories (muster-lab/labNET-NAME) on the machine's cgroup2 hierarchy. */
    private static List<Path> hostCgroups(String machinePrefix) throws IOException {
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
            String[] f = line.split(" ");
            Path parent = Path.of(f[1], "muster-lab");
            if (f[2].equals("cgroup2") && Files.isDirectory(parent)) {
                try (Stream<Path> s = Files.list(parent)) {
                    s.filter(p -> p.getFileName().toString().startsWith(machinePrefix)).forEach(found::add);
                }
            }
        }
        return found;
    }

    private static List<String> links() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static long mountsMentioning(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/mounts")).stream().filter(l -> l.contains(dir.toString())).count();
    }

    /** Command lines of processes mentioning the path (nspawn carries --overlay=+/:STATE/hosts/NAME/upper:/). */
    private static List<String> processesMentioning(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains(text) && ProcessHandle.current().pid() != Long.parseLong(p.getFileName().toString())) {
                        found.add(p.getFileName() + " " + cmd);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }

    /** Distinct network namespaces (of the given ones) that some process on the machine is still in. */
    private static List<String> processesIn(List<String> namespaces) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).map(p -> {
                try {
                    return Files.readSymbolicLink(p.resolve("ns/net")).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(namespaces::contains).distinct().toList();
        }
    }

    private static List<String> netnsOfHosts(Lab lab) {
        return lab.hosts().stream().map(h -> lab.exec(h, "readlink /proc/1/ns/net").stdout().strip()).distinct().toList();
    }
}
