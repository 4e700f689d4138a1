package dev.muster.manage;

import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code disable-node HOST} / {@code enable-node HOST}: the registry's enabled flag, set by the node service's admin
 * command on any node that answers. Disabled: capacity 0 (takes no new work), still a member; enabled: back.
 */
abstract class NodeFlagCommand implements Callable<Integer> {

    @ParentCommand
    ManageCommand manage;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "The node's name, as list-nodes shows it.")
    String host;

    @Parameters(index = "1..*", paramLabel = "PLAY_ARGS", description = "After --: options for muster play (--known-hosts, -v ...).")
    List<String> playArgs = new ArrayList<>();

    abstract String action();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cluster cluster = manage.cluster(playArgs, out, err);
        if (cluster == null) {
            return ExitCodes.PARSE_ERROR;
        }
        Cluster.Reachability reach = cluster.probe(cluster.installation().towerHosts());
        List<String> tried = new ArrayList<>();
        for (String node : reach.reachable()) {
            PlayRun run = cluster.play("registry.yml", List.of(node), Map.of("manage_action", action(), "manage_node", host));
            if (run.exitCode() != ExitCodes.OK) {
                tried.add(node + ": " + String.join("; ", run.failures()));
                continue;
            }
            int rc = run.data("registry enabled flag", node, "rc").map(j -> j.asInt()).orElse(-1);
            String said = (run.stdout("registry enabled flag", node) + "\n"
                    + run.data("registry enabled flag", node, "stderr").map(j -> j.asText()).orElse("")).strip();
            if (rc != 0) {
                return ManageCommand.refused(err, said);
            }
            out.println(said + " (registry on " + node + ")");
            out.println(action().equals("disable")
                    ? "ping shows it with capacity 0 and status disabled from the next heartbeat; ./manage enable-node " + host + " brings it back"
                    : "ping shows its capacity from the next heartbeat");
            return ExitCodes.OK;
        }
        return ManageCommand.refused(err, "no node could change the registry: " + (tried.isEmpty()
                ? "no [tower] host answers over SSH " + reach.unreachable() : String.join("; ", tried)));
    }

    @Command(name = "disable-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Capacity 0 for HOST (maintenance): it takes no new work and stays a member of the cluster.")
    static final class Disable extends NodeFlagCommand {
        @Override
        String action() {
            return "disable";
        }
    }

    @Command(name = "enable-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "HOST takes work again at its capacity (undoes disable-node).")
    static final class Enable extends NodeFlagCommand {
        @Override
        String action() {
            return "enable";
        }
    }
}
