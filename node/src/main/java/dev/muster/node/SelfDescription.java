package dev.muster.node;

import java.time.Duration;
import java.util.UUID;

/** What this node registers about itself. */
record SelfDescription(UUID uuid, String name, String version, int capacity, int cpuCores, long memoryMb,
                       String listen, Duration heartbeatEvery, Duration lostAfter) {
}
