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
import org.yaml.snakeyaml.Yaml;

/**
 * roles/rabbitmq's join unit (the one-at-a-time task "RabbitMQ nodes joined to the first node's cluster"), its script
 * read from the role and run for real by sh, with systemctl, rabbitmqctl, find, sleep and timeout replaced by stubs on
 * PATH that play a node and its first node: the steps in order, the retries, the force_reset fallback, the repair
 * (mnesia wiped: the stub find records it, nothing is deleted) and what is never done (wiping the first node, wiping a
 * node that starts again). The lab run is ClusterSetupIT.
 */
class RabbitJoinUnitTest {
    private static final Path TASKS = Path.of("../roles/rabbitmq/tasks/main.yml").toAbsolutePath();
    private static final String TASK = "RabbitMQ nodes joined to the first node's cluster, one at a time";

    @TempDir
    Path dir;
    Path bin;

    record Result(int exit, String stdout, String stderr, List<String> calls) {
        boolean called(String text) {
            return calls.stream().anyMatch(c -> c.contains(text));
        }
    }

    @BeforeEach
    void stubs() throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        // fails N: a counter file; each call that finds it above 0 takes one and fails
        String fails = """
                fails() { n=$(cat "$STUBS/$1" 2>/dev/null || echo 0); [ "$n" -gt 0 ] || return 1; echo $((n - 1)) > "$STUBS/$1"; }
                """;
        stub("systemctl", fails + """
                echo "systemctl $*" >> "$STUBS/calls"
                case $1 in
                  is-active) [ -e "$STUBS/vm-up" ] ;;
                  stop) rm -f "$STUBS/vm-up" "$STUBS/app-up" ;;
                  start) if fails start-fails; then exit 1; fi; touch "$STUBS/vm-up" "$STUBS/app-up" ;;
                  *) exit 0 ;;
                esac
                """);
        stub("rabbitmqctl", fails + """
                echo "rabbitmqctl $*" >> "$STUBS/calls"
                remote=no
                while :; do
                  case $1 in
                    -q) shift ;;
                    -n) remote=yes; shift 2 ;;
                    --formatter) shift 2 ;;
                    *) break ;;
                  esac
                done
                case $1 in
                  ping) [ -e "$STUBS/vm-up" ] ;;
                  eval) echo true ;;
                  await_startup) [ -e "$STUBS/vm-up" ] ;;
                  stop_app) rm -f "$STUBS/app-up" ;;
                  reset) if fails reset-fails; then echo "Error: {error,{cannot_reset}}" >&2; exit 1; fi; rm -f "$STUBS/member" ;;
                  force_reset) rm -f "$STUBS/member" ;;
                  forget_cluster_node) echo "forgot $2" >> "$STUBS/calls" ;;
                  join_cluster) if fails join-fails; then echo "Error: {{badmatch,{error,{join_failed}}}}" >&2; exit 1; fi; touch "$STUBS/member" ;;
                  start_app) if fails start-app-fails; then echo "Error: {{badmatch,{error,{normal,{mnesia_app,start}}}}}" >&2; rm -f "$STUBS/vm-up"; exit 1; fi
                             touch "$STUBS/app-up" ;;
                  cluster_status)
                    me=""
                    if [ -e "$STUBS/member" ] && [ -e "$STUBS/app-up" ]; then me=',"rabbit@hostc"'; fi
                    echo "{\\"running_nodes\\":[\\"rabbit@hosta\\"$me],\\"disk_nodes\\":[\\"rabbit@hosta\\"]}" ;;
                  *) echo "unexpected: $*" >&2; exit 99 ;;
                esac
                """);
        stub("find", "echo \"find $*\" >> \"$STUBS/calls\"\nrm -f \"$STUBS/member\"\n");
        stub("sleep", "exit 0\n");
        stub("timeout", "shift\nexec \"$@\"\n");
        Files.writeString(dir.resolve("calls"), "");
    }

    private void stub(String name, String body) throws IOException {
        Path p = bin.resolve(name);
        Files.writeString(p, "#!/bin/bash\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void set(String file, String content) throws IOException {
        Files.writeString(dir.resolve(file), content);
    }

    @SuppressWarnings("unchecked")
    private static String script() throws IOException {
        List<Map<String, Object>> tasks = new Yaml().load(Files.readString(TASKS));
        for (Map<String, Object> task : tasks) {
            if (TASK.equals(task.get("name"))) {
                return (String) ((Map<String, Object>) task.get("shell")).get("cmd");
            }
        }
        throw new AssertionError("no task '" + TASK + "' in " + TASKS);
    }

    /** The join unit for rabbit@hostc (first node rabbit@hosta) in membership state {@code state}. */
    private Result join(String node, String state) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", script());
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + ":" + env.get("PATH"));
        env.put("STUBS", dir.toString());
        env.put("FIRST", "rabbit@hosta");
        env.put("NODE", node);
        env.put("STATE", state);
        env.put("TIMEOUT", "6");
        env.put("ATTEMPTS", "3");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out, err, Files.readAllLines(dir.resolve("calls")));
    }

    private static int index(Result r, String text) {
        for (int i = 0; i < r.calls().size(); i++) {
            if (r.calls().get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("never called: " + text + " in " + r.calls());
    }

    @Test
    void aNodeToJoinGoesThroughEveryStepInOrderInOneAttempt() throws Exception {
        set("vm-up", "");
        Result r = join("rabbit@hostc", "join");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().startsWith("joined: rabbit@hostc joined rabbit@hosta in ") && r.stdout().contains("(attempt 1 of 3)"), r.stdout());
        int waitFirst = index(r, "-n rabbit@hosta eval rabbit:is_running().");
        int stop = index(r, "rabbitmqctl -q stop_app");
        int reset = index(r, "rabbitmqctl -q reset");
        int forget = index(r, "-n rabbit@hosta forget_cluster_node rabbit@hostc");
        int joinCluster = index(r, "join_cluster rabbit@hosta");
        int start = index(r, "rabbitmqctl -q start_app");
        int verified = index(r, "-n rabbit@hosta --formatter json cluster_status");
        assertTrue(waitFirst < stop && stop < reset && reset < forget && forget < joinCluster && joinCluster < start && start < verified,
                r.calls().toString());
        assertFalse(r.called("force_reset") || r.called("find "), r.calls().toString());
    }

    @Test
    void aResetThatFailsFallsBackToForceReset() throws Exception {
        set("vm-up", "");
        set("reset-fails", "1");
        Result r = join("rabbit@hostc", "join");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(index(r, "force_reset") < index(r, "join_cluster"), r.calls().toString());
        assertFalse(r.called("find "), "a force_reset that works wipes nothing");
    }

    @Test
    void anApplicationThatWillNotStartAfterTheJoinIsWipedAndJoinedAgain() throws Exception {
        set("vm-up", "");
        set("start-app-fails", "1");
        Result r = join("rabbit@hostc", "join");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("attempt 2 of 3 after: start_app after the join: Error: ((badmatch"), r.stdout());
        assertTrue(r.stdout().contains("repairing: rabbit@hostc's mnesia directory wiped"), r.stdout());
        assertTrue(r.stdout().contains("(attempt 2 of 3)"), r.stdout());
        assertTrue(r.called("find /var/lib/rabbitmq/mnesia -mindepth 1 -delete"), r.calls().toString());
        assertFalse(r.stdout().contains("{"), "braces in stdout would be read as a template: " + r.stdout());
    }

    @Test
    void aBrokenNodeIsStartedOnceMoreThenWipedAndJoined() throws Exception {
        set("start-fails", "1"); // the second chance fails; the start after the wipe works
        Result r = join("rabbit@hostc", "repair");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(index(r, "systemctl start") < index(r, "find /var/lib/rabbitmq/mnesia"), r.calls().toString());
        assertTrue(index(r, "find /var/lib/rabbitmq/mnesia") < index(r, "join_cluster"), r.calls().toString());
        assertTrue(r.stdout().contains("joined: rabbit@hostc joined rabbit@hosta") && r.stdout().contains("(attempt 1 of 3)"), r.stdout());
    }

    @Test
    void aBrokenNodeThatStartsOnItsSecondChanceAndIsAMemberIsNotWiped() throws Exception {
        set("member", ""); // it only waited for its peers at boot
        Result r = join("rabbit@hostc", "repair");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("started: rabbit@hostc runs in rabbit@hosta's cluster again, nothing wiped"), r.stdout());
        assertFalse(r.called("find ") || r.called("rabbitmqctl -q reset") || r.called("join_cluster"), r.calls().toString());
    }

    @Test
    void afterItsAttemptsItFailsWithTheLastReason() throws Exception {
        set("vm-up", "");
        set("join-fails", "9");
        Result r = join("rabbit@hostc", "join");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("rabbit@hostc could not join rabbit@hosta in 3 attempts (rabbitmq_join_attempts)"), r.stderr());
        assertTrue(r.stderr().contains("join_cluster: Error: ((badmatch"), r.stderr());
        assertEquals(3, r.calls().stream().filter(c -> c.contains("join_cluster")).count(), r.calls().toString());
        assertTrue(r.called("rabbitmqctl -q start_app"), "the node is left running on its own: " + r.calls());
    }

    @Test
    void theFirstNodeIsNeverWipedOrJoined() throws Exception {
        Result r = join("rabbit@hosta", "repair");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.stderr().contains("refusing to join or wipe the first node rabbit@hosta"), r.stderr());
        assertEquals(List.of(), r.calls());
    }
}
