package dev.muster.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;

/**
 * {@code ./manage deprovision-node HOST}: takes a node out of the cluster for good, alive or dead, and is safe to
 * repeat. Everything is checked before anything changes; then, printing each step: the node's own services
 * stopped and its RabbitMQ membership wiped (when it answers), RabbitMQ forgets it on a surviving node, and the
 * registry removes it (one transaction under the registry's lock, its unfinished work failed, its identity
 * tombstoned so that it cannot rejoin by itself).
 */
@Command(name = "deprovision-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Remove HOST from the cluster for good, whether it is running or dead; a second run says it is already done.",
                "Refuses, changing nothing, an unknown name or the last node. Asks first on a terminal (--yes for scripts)."})
final class DeprovisionNodeCommand extends ClusterCommand.OfANode {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    int run(Cluster cluster, PrintWriter out, PrintWriter err) {
        List<String> tower = cluster.installation().towerHosts();
        boolean inInventory = cluster.installation().inventory().hosts().contains(host);

        out.println("deprovision-node " + host + ": checking first; nothing changes before the checks pass");
        Set<String> probeHosts = new LinkedHashSet<>(tower);
        if (inInventory) {
            probeHosts.add(host);
        }
        Cluster.Reachability reach = cluster.probe(new ArrayList<>(probeHosts));
        List<String> survivors = reach.reachable().stream().filter(h -> !h.equals(host)).toList();
        boolean targetUp = reach.reachable().contains(host);
        out.println("  [check] SSH: " + (targetUp ? host + " answers" : host + (inInventory ? " does not answer (" + reach.unreachable().get(host).replaceFirst("^" + java.util.regex.Pattern.quote(host) + ": ", "") + ")"
                : " is not in the inventory, so it is not contacted")) + "; other nodes answering: "
                + (survivors.isEmpty() ? "none" : String.join(", ", survivors)));
        if (survivors.isEmpty()) {
            return ManageCommand.refused(err, "no other [tower] node of " + cluster.installation().inventoryFile()
                    + " answers over SSH " + reach.unreachable() + ": one must act for the cluster (RabbitMQ, registry). Nothing changed.");
        }

        java.util.function.Function<String, List<String>> names = cluster::rabbitNames;
        ClusterState state = cluster.liveState(survivors, names);
        String actor = state.actor(survivors, names);
        String survivor = state.source();
        List<String> candidates = names.apply(host);
        String member = state.rabbit().known() ? state.memberOf(candidates) : null;
        Optional<ClusterState.Node> node = state.node(host);
        if (node.isEmpty()) {
            Optional<ClusterState.Gone> gone = state.gone(host);
            if (gone.isEmpty()) {
                return ManageCommand.refused(err, host + " is not a registered node (registered: "
                        + (state.names().isEmpty() ? "none" : String.join(", ", state.names())) + "; as " + survivor
                        + " sees the registry). Nothing changed.");
            }
            out.println(host + " is already deprovisioned (at " + gone.get().at() + ", node id " + gone.get().uuid() + ").");
            int code = cleanLeftovers(cluster, out, err, targetUp, survivor, member);
            if (code == ExitCodes.OK) {
                printInventoryAdvice(out, cluster, inInventory);
            }
            return code;
        }
        if (state.nodes().size() <= 1) {
            return ManageCommand.refused(err, host + " is the last registered node: deprovisioning it would leave no cluster."
                    + " Nothing changed.");
        }
        if (actor == null) {
            return ManageCommand.refused(err, "none of " + String.join(", ", survivors) + " is a live member of the cluster"
                    + " (registered and heartbeating, RabbitMQ running), as " + survivor + " sees it: one must act for the"
                    + " cluster. Start the services of one of them (./manage list-nodes shows them) and run this again. Nothing changed.");
        }
        if (!state.rabbit().known()) {
            return ManageCommand.refused(err, "RabbitMQ on " + survivor + " does not answer (" + state.rabbit().error()
                    + "): it must forget " + host + ". Start it there (systemctl start rabbitmq-server; rabbitmqctl cluster_status)"
                    + " and run this again. Nothing changed.");
        }
        ClusterState.Node n = node.get();
        out.println("  [check] registry (as " + survivor + " sees it): " + host + " is " + n.status() + ", last heartbeat "
                + NodeTable.age(n.heartbeatAgeSeconds()) + ", node id " + n.uuid() + "; RabbitMQ: "
                + (member == null ? "not a member" : member + " " + state.membership(candidates)));
        List<String> stay = state.names().stream().filter(x -> !x.equals(host)).toList();
        if (!manage.confirm("Deprovision " + host + "? " + (targetUp ? "Its node service and RabbitMQ are stopped and disabled and its"
                + " RabbitMQ data and node identity wiped; " : "") + "the cluster forgets it; " + String.join(", ", stay)
                + " remain.", out, err)) {
            out.println("Nothing changed.");
            return ExitCodes.ERROR;
        }

        int code = retire(cluster, out, err, targetUp);
        if (code != ExitCodes.OK) {
            return code;
        }
        code = forget(cluster, out, err, survivor, member);
        if (code != ExitCodes.OK) {
            return code;
        }
        code = deregister(cluster, out, err, survivor);
        if (code != ExitCodes.OK) {
            return code;
        }
        printInventoryAdvice(out, cluster, inInventory);
        out.printf("Deprovisioned %s in %.1f s.%n", host, (System.nanoTime() - started) / 1e9);
        return ExitCodes.OK;
    }

    /** Step 1: on the node itself, when it answers. */
    private int retire(Cluster cluster, PrintWriter out, PrintWriter err, boolean targetUp) {
        if (!targetUp) {
            out.println("  [1/3] " + host + ": not reachable, its own services are left as they are: if it comes back, its node"
                    + " service refuses to start (deprovisioned) and its RabbitMQ refuses to boot (forgotten by the cluster);"
                    + " run this command again then to wipe them");
            out.flush();
            return ExitCodes.OK;
        }
        long t0 = System.nanoTime();
        PlayRun run = cluster.play("retire.yml", List.of(host), Map.of());
        if (run.exitCode() != ExitCodes.OK) {
            err.println("manage: stopping " + host + "'s services failed; the cluster has not forgotten it and it is still registered."
                    + " Fix the cause and run this again:");
            run.failures().forEach(f -> err.println("  " + f));
            return ExitCodes.ERROR;
        }
        List<String> done = new ArrayList<>();
        done.add("node service: " + run.stdout("node service stopped and disabled", host).strip());
        String leave = run.stdout("RabbitMQ leaves the cluster", host).strip();
        done.add("RabbitMQ: " + (leave.isEmpty() ? "?" : leave));
        done.add("RabbitMQ service: " + run.stdout("RabbitMQ stopped and disabled", host).strip());
        done.add(run.stdout("RabbitMQ cluster membership wiped", host).strip());
        done.add("node identity " + (run.changed("node identity removed", host) ? "removed" : "already gone"));
        out.printf("  [1/3] %s: %s (%.1f s)%n", host, String.join("; ", done), (System.nanoTime() - t0) / 1e9);
        out.flush();
        return ExitCodes.OK;
    }

    /** Step 2: RabbitMQ on a surviving node forgets it; a failure is an error that says what to do. */
    private int forget(Cluster cluster, PrintWriter out, PrintWriter err, String survivor, String member) {
        if (member == null) {
            out.println("  [2/3] RabbitMQ (on " + survivor + "): " + host + " is not a member, nothing to forget");
            out.flush();
            return ExitCodes.OK;
        }
        long t0 = System.nanoTime();
        PlayRun run = cluster.play("forget.yml", List.of(survivor), Map.of("manage_rabbit_node", member));
        if (run.exitCode() != ExitCodes.OK) {
            err.println("manage: RabbitMQ on " + survivor + " could not forget " + member + "; " + host
                    + " is still registered. What RabbitMQ said:");
            run.failures().forEach(f -> err.println("  " + f));
            err.println("What to do: if " + host + "'s RabbitMQ still runs (its peers reach it even if this machine cannot),"
                    + " stop it there (systemctl stop rabbitmq-server) or make it reachable over SSH, then run this again;"
                    + " otherwise check 'rabbitmqctl cluster_status' on " + survivor + " and run this again.");
            return ExitCodes.ERROR;
        }
        out.printf("  [2/3] RabbitMQ (on %s): %s (%.1f s)%n", survivor, run.stdout("rabbitmq forget_cluster_node", survivor).strip(),
                (System.nanoTime() - t0) / 1e9);
        out.flush();
        return ExitCodes.OK;
    }

    /** Step 3: the registry, by the node service's admin command on the surviving node. */
    private int deregister(Cluster cluster, PrintWriter out, PrintWriter err, String survivor) {
        long t0 = System.nanoTime();
        PlayRun run = cluster.play("registry.yml", List.of(survivor), Map.of("manage_action", "deprovision", "manage_node", host,
                "manage_reason", "node " + host + " was deprovisioned by ./manage"));
        JsonNode result = null;
        try {
            String stdout = run.stdout("registry deprovision", survivor);
            result = stdout.isBlank() ? null : JSON.readTree(stdout);
        } catch (IOException e) {
            // reported below
        }
        if (run.exitCode() != ExitCodes.OK || result == null) {
            err.println("manage: removing " + host + " from the registry on " + survivor + " failed (RabbitMQ has already forgotten it);"
                    + " run this again:");
            run.failures().forEach(f -> err.println("  " + f));
            return ExitCodes.ERROR;
        }
        String outcome = result.path("result").asText();
        String message = result.path("message").asText();
        if (outcome.equals("unknown") || outcome.equals("last")) {
            return ManageCommand.refused(err, message);
        }
        out.printf("  [3/3] registry (on %s): %s (%.1f s)%n", survivor,
                outcome.equals("already") ? message + " (a concurrent run did it)" : message, (System.nanoTime() - t0) / 1e9);
        out.flush();
        return ExitCodes.OK;
    }

    /** Already deprovisioned: what is left on the node (when it is back) or in RabbitMQ is cleaned, nothing else. */
    private int cleanLeftovers(Cluster cluster, PrintWriter out, PrintWriter err, boolean targetUp, String survivor, String member) {
        int code = ExitCodes.OK;
        if (targetUp) {
            code = retire(cluster, out, err, true);
        }
        if (code == ExitCodes.OK && member != null) {
            code = forget(cluster, out, err, survivor, member);
        }
        if (code == ExitCodes.OK && !targetUp && member == null) {
            out.println("Nothing to do.");
        }
        return code;
    }

    private void printInventoryAdvice(PrintWriter out, Cluster cluster, boolean inInventory) {
        if (inInventory) {
            out.println("Now remove " + host + " from " + cluster.installation().inventoryFile() + " ([tower]), or the next setup run"
                    + " provisions it again; then run ./setup.sh so that the other nodes stop expecting it.");
        } else {
            out.println(host + " is not in " + cluster.installation().inventoryFile() + ": nothing to remove there.");
        }
        out.flush();
    }
}
