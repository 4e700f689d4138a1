package dev.muster.node.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.node.DatabaseUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LostJobReaperTest {
    private static final Duration LOST_AFTER = Duration.ofSeconds(20);

    private final AtomicInteger sweeps = new AtomicInteger();
    private final AtomicReference<Duration> reachableFor = new AtomicReference<>(Duration.ZERO);
    private final LostJobReaper reaper = new LostJobReaper(() -> {
        sweeps.incrementAndGet();
        return 0;
    }, reachableFor::get, LOST_AFTER);

    @Test
    void noVerdictUntilTheDatabaseHasAnsweredForAWholeLostWindow() {
        // just back after an outage: every heartbeat in the registry is stale, alive nodes included
        reachableFor.set(Duration.ZERO);
        reaper.run();
        reachableFor.set(Duration.ofSeconds(19));
        reaper.run();
        assertEquals(0, sweeps.get());
        reachableFor.set(LOST_AFTER);
        reaper.run();
        assertEquals(1, sweeps.get());
        reachableFor.set(Duration.ofHours(3));
        reaper.run();
        assertEquals(2, sweeps.get());
    }

    @Test
    void anOutageStartsTheWaitAgain() {
        reachableFor.set(Duration.ofHours(1));
        reaper.run();
        reachableFor.set(Duration.ofSeconds(3));
        reaper.run();
        assertEquals(1, sweeps.get());
    }

    @Test
    void aDatabaseFaultDuringTheSweepIsSkippedNotThrown() {
        LostJobReaper failing = new LostJobReaper(() -> {
            sweeps.incrementAndGet();
            throw new DatabaseUnavailableException("database connection lost");
        }, () -> Duration.ofHours(1), LOST_AFTER);
        failing.run();
        failing.run();
        assertEquals(2, sweeps.get());
    }
}
