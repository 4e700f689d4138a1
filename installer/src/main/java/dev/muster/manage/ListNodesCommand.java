package dev.muster.manage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code list-nodes [--json]}: every registered node with status, heartbeat age, capacity, version and RabbitMQ membership. */
@Command(name = "list-nodes", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Every node in the registry: status (alive, lost, disabled), heartbeat age, capacity, version, RabbitMQ membership.",
                "A table (lost nodes marked with !), or --json for scripts."})
final class ListNodesCommand extends ClusterCommand.OfTheCluster {

    @Option(names = "--json", description = "One JSON document instead of the table.")
    boolean json;

    @Override
    int run(Cluster cluster, PrintWriter out, PrintWriter err) throws Exception {
        Cluster.Reachability reach = cluster.probe(cluster.installation().towerHosts());
        Function<String, List<String>> candidates = cluster::rabbitNames;
        ClusterState state = cluster.liveState(reach.reachable(), candidates);
        if (json) {
            ObjectNode doc = NodeTable.json(state, candidates);
            ObjectNode ssh = doc.putObject("ssh_unreachable");
            reach.unreachable().forEach(ssh::put);
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } else {
            out.print(NodeTable.render(state, candidates, ManageCommand.colour()));
            for (Map.Entry<String, String> down : reach.unreachable().entrySet()) {
                out.println("not answering over SSH: " + down.getKey() + " (" + down.getValue() + ")");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
