package dev.muster.jobs;

import dev.muster.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Samples the resident memory of every node's node service once a second, from this machine: a lab host's processes
 * are in its own cgroup (tests/lab/lab's host_cgroups), so the service's cgroup.procs give their PIDs here and
 * /proc/PID/status their VmRSS, without a process started per sample (a `lab exec` a second per node would load
 * the 2 cores it measures). Where the cgroup is not found, every 5 s through `lab exec` instead.
 */
final class NodeMemory {
    private final Lab lab;
    private final Map<String, String> containerPids;
    private final Map<String, Path> services = new TreeMap<>();
    private final Map<String, Long> peakKb = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private NodeMemory(Lab lab, List<String> nodes, Map<String, String> containerPids) {
        this.lab = lab;
        this.containerPids = containerPids;
        String net = lab.bridge().replaceAll("\\D+", "");
        Optional<Path> root = cgroup2Root();
        for (String node : nodes) {
            root.flatMap(r -> find(r.resolve("muster-lab").resolve("lab" + net + "-" + node))).ifPresent(p -> services.put(node, p));
        }
        this.sampler = new Thread(() -> loop(nodes), "node-memory");
        sampler.setDaemon(true);
    }

    /** Starts sampling the nodes' node services; containerPids: each one's MainPID inside its host (for the fallback). */
    static NodeMemory start(Lab lab, List<String> nodes, Map<String, String> containerPids) {
        NodeMemory m = new NodeMemory(lab, nodes, containerPids);
        m.sampler.start();
        return m;
    }

    void stop() throws InterruptedException {
        running = false;
        sampler.join();
    }

    /** The highest RSS seen per node, in MB. */
    Map<String, Long> peakMb() {
        Map<String, Long> mb = new TreeMap<>();
        peakKb.forEach((node, kb) -> mb.put(node, kb / 1024));
        return mb;
    }

    private void loop(List<String> nodes) {
        while (running) {
            for (String node : nodes) {
                long kb = services.containsKey(node) ? fromCgroup(services.get(node)) : fromHost(node);
                peakKb.merge(node, kb, Math::max);
            }
            try {
                Thread.sleep(services.size() == nodes.size() ? 1000 : 5000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long fromCgroup(Path service) {
        long kb = 0;
        try {
            for (String pid : Files.readAllLines(service.resolve("cgroup.procs"))) {
                kb += vmRssKb(Path.of("/proc", pid.strip(), "status"));
            }
        } catch (IOException restartedOrGone) {
            // counted as 0 this second; a restart is caught by the caller's MainPID check
        }
        return kb;
    }

    private long fromHost(String node) {
        String out = lab.exec(node, "ps -o rss= -p " + containerPids.get(node)).stdout().strip();
        return out.isEmpty() ? 0 : Long.parseLong(out);
    }

    private static long vmRssKb(Path status) throws IOException {
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return 0;
    }

    private static Optional<Path> cgroup2Root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" "))
                    .filter(f -> f.length > 2 && f[2].equals("cgroup2")).map(f -> Path.of(f[1])).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> find(Path hostCgroup) {
        if (!Files.isDirectory(hostCgroup)) {
            return Optional.empty();
        }
        try (Stream<Path> walk = Files.walk(hostCgroup, 6)) {
            return walk.filter(p -> p.getFileName().toString().equals("muster-node.service") && Files.isDirectory(p)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
