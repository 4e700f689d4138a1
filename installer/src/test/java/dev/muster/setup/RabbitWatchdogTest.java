package dev.muster.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RabbitMQ watchdog the rabbitmq role lays down (roles/rabbitmq/files/muster-rabbitmq-watchdog), run for real by
 * bash with systemctl and rabbitmqctl replaced by stubs on PATH: what it restarts, when, how often, and what it never
 * touches (a paused minority, the majority side of a partition, a unit systemd owns). The lab run is ClusterFaultsIT's
 * partition scenarios.
 */
class RabbitWatchdogTest {
    private static final Path SCRIPT = Path.of("../roles/rabbitmq/files/muster-rabbitmq-watchdog").toAbsolutePath();
    private static final String HEALTHY = "running=true booting=false up=2 partitioned=0 unlisted=0";
    private static final String CRASHED_AFTER_HEAL = "running=false booting=false up=2 partitioned=0 unlisted=0";

    @TempDir
    Path dir;
    Path bin;
    Path state;
    Path calls;

    @BeforeEach
    void stubs() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        state = dir.resolve("state");
        calls = dir.resolve("calls");
        Files.writeString(calls, "");
        Files.writeString(dir.resolve("watchdog.conf"),
                "NODES=\"rabbit@hosta rabbit@hostb rabbit@hostc \"\nSELF=\"rabbit@hostc\"\n");
        stub("systemctl", """
                echo "systemctl $*" >> "$STUBS/calls"
                case "$1 $3" in
                  "is-active rabbitmq-server") [ -e "$STUBS/active" ] ;;
                  "is-enabled muster-node") [ ! -e "$STUBS/node-disabled" ] ;;
                  *) exit 0 ;;
                esac
                """);
        stub("rabbitmqctl", """
                printf '%s\\n' "$*" > "$STUBS/eval"
                printf '"%s"\\n' "$(cat "$STUBS/answer")"
                """);
        Files.writeString(dir.resolve("active"), "");
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** One run of the watchdog at {@code now} (epoch seconds) with RabbitMQ answering {@code answer}; its output. */
    private String run(long now, String answer) throws Exception {
        Files.writeString(dir.resolve("answer"), answer);
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("STUBS", dir.toString());
        env.put("MUSTER_WATCHDOG_CONF", dir.resolve("watchdog.conf").toString());
        env.put("MUSTER_WATCHDOG_STATE", state.toString());
        env.put("MUSTER_WATCHDOG_NOW", Long.toString(now));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private List<String> actions() throws IOException {
        return Files.readAllLines(calls).stream().filter(l -> l.contains(" restart ") || l.contains(" stop ")).toList();
    }

    @Test
    void aHealthyNodeIsLeftAlone() throws Exception {
        for (long t = 0; t < 600; t += 30) {
            assertEquals("", run(t, HEALTHY));
        }
        assertEquals(List.of(), actions());
        String eval = Files.readString(dir.resolve("eval"));
        assertTrue(eval.contains("Peers = ['rabbit@hosta','rabbit@hostb']"), eval);
    }

    @Test
    void anApplicationStoppedWhileTheClusterRunsIsRestartedAfterTheGrace() throws Exception {
        assertTrue(run(1000, CRASHED_AFTER_HEAL).startsWith("watching: the rabbit application is stopped"));
        run(1030, CRASHED_AFTER_HEAL);
        assertEquals(List.of(), actions(), "restarted within the grace");
        String out = run(1061, CRASHED_AFTER_HEAL);
        assertTrue(out.contains("restarting rabbitmq-server (1 of at most 3"), out);
        assertEquals(List.of("systemctl restart --no-block rabbitmq-server"), actions());
    }

    @Test
    void aConditionThatClearsWithinTheGraceRestartsNothing() throws Exception {
        run(0, CRASHED_AFTER_HEAL);
        run(30, HEALTHY);
        run(61, CRASHED_AFTER_HEAL);
        run(90, CRASHED_AFTER_HEAL);
        assertEquals(List.of(), actions());
    }

    @Test
    void aPausedMinorityIsNeverRestarted() throws Exception {
        // pause_minority doing its job: no peer reachable from the cut-off node
        for (long t = 0; t < 900; t += 30) {
            run(t, "running=false booting=false up=0 partitioned=0 unlisted=0");
        }
        assertEquals(List.of(), actions());
    }

    @Test
    void aBootingNodeIsLeftToBoot() throws Exception {
        for (long t = 0; t < 900; t += 30) {
            run(t, "running=false booting=true up=2 partitioned=0 unlisted=0");
        }
        assertEquals(List.of(), actions());
    }

    @Test
    void onlyTheCutOffSideOfALingeringPartitionRestarts() throws Exception {
        // the majority side lists the one cut-off node: never restarts
        for (long t = 0; t < 300; t += 30) {
            run(t, "running=true booting=false up=2 partitioned=1 unlisted=1");
        }
        assertEquals(List.of(), actions());
        // the cut-off side lists both others
        run(1000, "running=true booting=false up=2 partitioned=2 unlisted=0");
        String out = run(1070, "running=true booting=false up=2 partitioned=2 unlisted=0");
        assertTrue(out.contains("runs apart from its cluster"), out);
        assertEquals(List.of("systemctl restart --no-block rabbitmq-server"), actions());
    }

    @Test
    void afterTheBoundedRestartsItStopsRabbitmqAndStaysOut() throws Exception {
        long t = 0;
        for (int i = 0; i < 3; i++) {
            run(t, CRASHED_AFTER_HEAL);
            t += 61;
            assertTrue(run(t, CRASHED_AFTER_HEAL).contains("restarting"));
            t += 30;
        }
        run(t, CRASHED_AFTER_HEAL);
        t += 61;
        String out = run(t, CRASHED_AFTER_HEAL);
        assertTrue(out.contains("gave up after 3 restarts"), out);
        assertEquals("systemctl stop rabbitmq-server", actions().get(actions().size() - 1));
        assertTrue(Files.exists(state.resolve("gave-up")));
        // stopped: nothing more, however long
        Files.delete(dir.resolve("active"));
        for (int i = 0; i < 20; i++) {
            run(t += 30, CRASHED_AFTER_HEAL);
        }
        // an operator starts it by hand and it is still wrong: restarting is the operator's call now
        Files.writeString(dir.resolve("active"), "");
        run(t += 30, CRASHED_AFTER_HEAL);
        run(t += 100, CRASHED_AFTER_HEAL);
        assertEquals(4, actions().size(), actions().toString());
        // fixed: watched again
        run(t += 30, HEALTHY);
        assertFalse(Files.exists(state.resolve("gave-up")));
    }

    @Test
    void restartsOlderThanTheWindowNoLongerCount() throws Exception {
        long t = 0;
        for (int i = 0; i < 3; i++) {
            run(t, CRASHED_AFTER_HEAL);
            run(t += 61, CRASHED_AFTER_HEAL);
            t += 30;
        }
        t += 1800;
        run(t, CRASHED_AFTER_HEAL);
        String out = run(t + 61, CRASHED_AFTER_HEAL);
        assertTrue(out.contains("restarting rabbitmq-server (1 of at most 3"), out);
    }

    @Test
    void aUnitSystemdOwnsOrADeprovisionedNodeIsNotTouched() throws Exception {
        Files.delete(dir.resolve("active"));
        for (long t = 0; t < 300; t += 30) {
            assertEquals("", run(t, CRASHED_AFTER_HEAL));
        }
        Files.writeString(dir.resolve("active"), "");
        Files.writeString(dir.resolve("node-disabled"), "");
        for (long t = 300; t < 600; t += 30) {
            assertEquals("", run(t, CRASHED_AFTER_HEAL));
        }
        assertEquals(List.of(), actions());
    }

    @Test
    void setupsHoldKeepsItAwayUntilTheHoldExpiresAndTheGraceStartsAgain() throws Exception {
        assertTrue(run(900, CRASHED_AFTER_HEAL).startsWith("watching:"));
        // setup stops applications on purpose while it joins nodes: its hold runs until 2000
        Files.createDirectories(state);
        Files.writeString(state.resolve("setup-hold"), "2000\n");
        Files.deleteIfExists(dir.resolve("eval"));
        for (long t = 1000; t < 2000; t += 30) {
            String out = run(t, CRASHED_AFTER_HEAL);
            assertTrue(out.startsWith("held by setup for " + (2000 - t) + " s more"), out);
        }
        assertEquals(List.of(), actions());
        assertFalse(Files.exists(dir.resolve("eval")), "RabbitMQ was asked while held");
        // a setup killed before releasing it: the hold runs out, and the condition needs a full grace again
        String out = run(2001, CRASHED_AFTER_HEAL);
        assertTrue(out.contains("setup's hold expired") && out.contains("watching:"), out);
        assertFalse(Files.exists(state.resolve("setup-hold")));
        run(2031, CRASHED_AFTER_HEAL);
        assertEquals(List.of(), actions(), "restarted before a full grace after the hold");
        assertTrue(run(2062, CRASHED_AFTER_HEAL).contains("restarting rabbitmq-server (1 of at most 3"));
    }

    @Test
    void aHoldThatIsNotAnEpochTimeHoldsNothing() throws Exception {
        Files.createDirectories(state);
        Files.writeString(state.resolve("setup-hold"), "soon\n");
        run(0, CRASHED_AFTER_HEAL);
        String out = run(61, CRASHED_AFTER_HEAL);
        assertTrue(out.contains("restarting"), out);
    }

    @Test
    void aVmThatDoesNotAnswerWhileItsUnitIsActiveIsRestarted() throws Exception {
        stub("rabbitmqctl", "echo 'Error: unable to perform an operation on node' >&2; exit 69\n");
        run(0, "");
        String out = run(61, "");
        assertTrue(out.contains("does not answer rabbitmqctl"), out);
        assertEquals(List.of("systemctl restart --no-block rabbitmq-server"), actions());
    }
}
