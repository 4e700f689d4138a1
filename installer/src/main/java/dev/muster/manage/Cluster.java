package dev.muster.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.setup.Installation;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster side of ./manage: each operation is one small playbook of playbooks/manage/ run by the engine in this
 * JVM on the hosts given (--limit), with the installer's defaults and the operator's inventory and -e, its events
 * appended to manage.log next to the inventory. Results are read back from that log (masked like the console).
 * The engine's own console shows only with -v (after --); failures are always reported with their messages.
 */
final class Cluster {

    static final String NODE_ADMIN = "/opt/muster/node/bin/muster-node";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Installation installation;
    private final Path log;
    private final List<String> playArgs;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean verbose;

    Cluster(Installation installation, List<String> playArgs, PrintWriter out, PrintWriter err) {
        this.installation = installation;
        this.log = installation.logBeside("manage.log");
        this.playArgs = List.copyOf(playArgs);
        this.out = out;
        this.err = err;
        this.verbose = verbose(playArgs);
        for (String a : playArgs) {
            if (a.equals("-l") || a.startsWith("--limit") || a.startsWith("-l")) {
                throw new MusterException(null, "./manage chooses the hosts of each step itself: drop " + a
                        + " (after --)", dev.muster.error.Failure.BAD_REQUEST, null);
            }
        }
    }

    Installation installation() {
        return installation;
    }

    Path log() {
        return log;
    }

    static boolean verbose(List<String> playArgs) {
        return playArgs.stream().anyMatch(a -> a.matches("-v+") || a.equals("--verbose"));
    }

    /** Runs playbooks/manage/NAME on {@code hosts} with {@code vars} (above the operator's -e). */
    PlayRun play(String playbook, List<String> hosts, Map<String, Object> vars) {
        List<String> commandVars = new ArrayList<>();
        if (!vars.isEmpty()) {
            try {
                commandVars.add(JSON.writeValueAsString(vars));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> extra = new ArrayList<>(playArgs);
        extra.addAll(List.of("--limit", String.join(",", hosts)));
        List<String> args = installation.playArgs("playbooks/manage/" + playbook, null, log, commandVars, extra);
        long offset = Installation.offset(log);
        PrintWriter console = verbose ? out : new PrintWriter(OutputStream.nullOutputStream());
        int code = Main.run(console, err, args.toArray(String[]::new));
        out.flush();
        return new PlayRun(code, Installation.events(log, offset));
    }

    /** The hosts among {@code hosts} that answer over SSH (all at once; a dead host costs the connect timeout). */
    Reachability probe(List<String> hosts) {
        if (hosts.isEmpty()) {
            return new Reachability(List.of(), Map.of());
        }
        PlayRun run = play("probe.yml", hosts, Map.of());
        Set<String> unreachable = run.unreachable();
        List<String> up = new ArrayList<>();
        Map<String, String> down = new LinkedHashMap<>();
        for (String h : hosts) {
            if (run.ok("reachable", h)) {
                up.add(h);
            } else {
                down.put(h, unreachable.contains(h) ? run.unreachableReason(h) : failure(run, h));
            }
        }
        return new Reachability(up, down);
    }

    record Reachability(List<String> reachable, Map<String, String> unreachable) {
    }

    /**
     * The registry and RabbitMQ membership as seen from the first of {@code candidates} whose node service answers;
     * throws with every host's reason when none does.
     */
    ClusterState state(List<String> candidates) {
        List<String> tried = new ArrayList<>();
        for (String host : candidates) {
            PlayRun run = play("state.yml", List.of(host), Map.of());
            if (!run.ok("registry", host)) {
                tried.add(host + ": " + failure(run, host));
                continue;
            }
            return ClusterState.parse(host, run.stdout("registry", host),
                    run.data("rabbitmq cluster status", host, "rc").map(JsonNode::asInt).orElse(-1),
                    run.stdout("rabbitmq cluster status", host),
                    run.data("rabbitmq cluster status", host, "stderr").map(JsonNode::asText).orElse(""));
        }
        throw new MusterException(null, "no node could read the cluster's registry"
                + (tried.isEmpty() ? " (no [tower] host answers over SSH)" : ":\n  " + String.join("\n  ", tried)),
                dev.muster.error.Failure.ERROR, null);
    }

    /**
     * {@link #state} as a live member sees it: read from the first host that answers, then, when that host's RabbitMQ
     * does not answer or it is not a live running member (a host deprovisioned but still in the inventory), from the
     * first that is, if any.
     */
    ClusterState liveState(List<String> hosts, java.util.function.Function<String, List<String>> names) {
        ClusterState state = state(hosts);
        for (String other : hosts.subList(hosts.indexOf(state.source()) + 1, hosts.size())) {
            if (state.rabbit().known()) {
                break;
            }
            try {
                ClusterState seen = state(List.of(other));
                if (seen.rabbit().known()) {
                    state = seen;
                }
            } catch (MusterException notThere) {
                // its registry read failed too: the next one
            }
        }
        String actor = state.actor(hosts, names);
        if (actor != null && !actor.equals(state.source())) {
            state = state(List.of(actor));
        }
        return state;
    }

    /** A host's possible RabbitMQ names, with its rabbitmq_host when the inventory has it. */
    List<String> rabbitNames(String host) {
        return ClusterState.rabbitCandidates(host,
                installation.inventory().hosts().contains(host) ? installation.effective(host).get("rabbitmq_host") : null);
    }

    private static String failure(PlayRun run, String host) {
        return run.failures().stream().filter(f -> f.startsWith(host + ": ")).findFirst()
                .map(f -> f.substring(host.length() + 2)).orElse("exit code " + run.exitCode());
    }
}
