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
        assertTrue(Capacity.of(OptionalInt.empty()) >= 0);
    }
}
