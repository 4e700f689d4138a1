package dev.muster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CapacityTest {
    @Test
    void theLowerOfCpuAndMemory() {
        assertEquals(8, Capacity.fromHost(2, 8192), "cpu bound: 2 x 4");
        assertEquals(61, Capacity.fromHost(16, 8192), "memory bound: (8192 - 2048) / 100");
        assertEquals(15, Capacity.fromHost(4, 3584), "a 3.5 GB host still gets capacity: (3584 - 2048) / 100");
        assertEquals(0, Capacity.fromHost(4, 1024), "never negative");
    }

    @Test
    void configuredCapacityWins() {
        assertEquals(3, Capacity.of(OptionalInt.of(3)));
        assertEquals(Capacity.fromHost(Capacity.cores(), Capacity.memoryMb()), Capacity.of(OptionalInt.empty()),
                "without a setting, the host's own figures");
    }

    /** The host's figures are this machine's: the memory the kernel reports, the processors the JVM may use. */
    @Test
    void theHostFiguresAreThisMachines() throws java.io.IOException {
        String memTotal = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo")).stream()
                .filter(line -> line.startsWith("MemTotal:")).findFirst().orElseThrow();
        long kernelMb = Long.parseLong(memTotal.replaceAll("\\D", "")) / 1024;
        assertEquals(kernelMb, Capacity.memoryMb(), 1.0, "MemTotal in MB");
        assertEquals(Runtime.getRuntime().availableProcessors(), Capacity.cores());
        assertTrue(Capacity.cores() >= 1);
    }
}
