package dev.muster.node;

import java.lang.management.ManagementFactory;
import java.util.OptionalInt;

/**
 * How many job forks a node offers: the lower of a CPU bound (cores x 4) and a memory bound
 * ((MB - 2048) / 100), as Tower computes it, unless the configuration says otherwise. The override
 * matters in containers, where cores and memory are the whole machine's.
 */
public final class Capacity {
    private Capacity() {
    }

    static int fromHost(int cores, long memoryMb) {
        int cpu = cores * 4;
        long mem = Math.max(0, (memoryMb - 2048) / 100);
        return (int) Math.min(cpu, mem);
    }

    public static int of(OptionalInt configured) {
        return configured.isPresent() ? configured.getAsInt() : fromHost(cores(), memoryMb());
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static long memoryMb() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return 0;
    }
}
