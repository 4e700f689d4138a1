package dev.muster.manage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code list-nodes [--json]}: every registered node with status, heartbeat age, capacity, version and RabbitMQ membership. */
@Command(name = "list-nodes", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Every node in the registry: status (alive, lost, disabled), heartbeat age, capacity, version, RabbitMQ membership.",
                "A table (lost nodes marked with !), or --json for scripts."})
final class ListNodesCommand implements Callable<Integer> {

    @ParentCommand
    ManageCommand manage;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON document instead of the table.")
    boolean json;

    @Parameters(paramLabel = "PLAY_ARGS", description = "After --: options for muster play (--known-hosts, -v ...).")
    List<String> playArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Cluster cluster = manage.cluster(playArgs, out, err);
        if (cluster == null) {
            return ExitCodes.PARSE_ERROR;
        }
        Cluster.Reachability reach = cluster.probe(cluster.installation().towerHosts());
        ClusterState state = cluster.state(reach.reachable());
        Function<String, List<String>> candidates = name -> ClusterState.rabbitCandidates(name,
                cluster.installation().inventory().hosts().contains(name) ? cluster.installation().effective(name).get("rabbitmq_host") : null);
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
