package dev.muster.manage;

import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code disable-node HOST} / {@code enable-node HOST}: the registry's enabled flag, set by the node service's admin
 * command on any node that answers. Disabled: capacity 0 (takes no new work), still a member; enabled: back.
 */
abstract class NodeFlagCommand extends ClusterCommand.OfANode {

    /** What the node service's admin command does to the flag: "disable" or "enable". */
    private final String action;

    NodeFlagCommand(String action) {
        this.action = action;
    }

    @Override
    int run(Cluster cluster, PrintWriter out, PrintWriter err) throws Exception {
        return onFirstAnsweringNode(cluster, err, "no node could change the registry", node -> {
            PlayRun run = cluster.play("registry.yml", List.of(node), Map.of("manage_action", action, "manage_node", host));
            if (run.exitCode() != ExitCodes.OK) {
                return Attempt.failed(run);
            }
            int rc = run.data("registry enabled flag", node, "rc").map(j -> j.asInt()).orElse(-1);
            String said = (run.stdout("registry enabled flag", node) + "\n"
                    + run.data("registry enabled flag", node, "stderr").map(j -> j.asText()).orElse("")).strip();
            if (rc != 0) {
                return Attempt.done(ManageCommand.refused(err, said));
            }
            out.println(said + " (registry on " + node + ")");
            out.println(action.equals("disable")
                    ? "ping shows it with capacity 0 and status disabled from the next heartbeat; ./manage enable-node " + host + " brings it back"
                    : "ping shows its capacity from the next heartbeat");
            return Attempt.done(ExitCodes.OK);
        });
    }

    @Command(name = "disable-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Capacity 0 for HOST (maintenance): it takes no new work and stays a member of the cluster.")
    static final class Disable extends NodeFlagCommand {
        Disable() {
            super("disable");
        }
    }

    @Command(name = "enable-node", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "HOST takes work again at its capacity (undoes disable-node).")
    static final class Enable extends NodeFlagCommand {
        Enable() {
            super("enable");
        }
    }
}
