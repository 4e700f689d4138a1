package dev.muster.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ping [--json]}: the cluster's /api/v1/ping through nginx on the first node that answers, readable. */
@Command(name = "ping", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The cluster's /api/v1/ping (through nginx on the first [tower] node that answers), readable; --json as served.")
final class PingCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParentCommand
    ManageCommand manage;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "The ping's JSON as the node served it.")
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
        List<String> tried = new ArrayList<>();
        for (String node : reach.reachable()) {
            PlayRun run = cluster.play("ping.yml", List.of(node), Map.of());
            Optional<JsonNode> body = run.data("ping", node, "json");
            if (body.isEmpty()) {
                body = run.data("ping", node, "content").map(c -> {
                    try {
                        return JSON.readTree(c.asText());
                    } catch (IOException e) {
                        return null;
                    }
                });
            }
            if (run.exitCode() != ExitCodes.OK || body.isEmpty() || !body.get().isObject()) {
                tried.add(node + ": " + String.join("; ", run.failures()));
                continue;
            }
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body.get()));
            } else {
                out.print(PingView.render(node, body.get()));
            }
            out.flush();
            return ExitCodes.OK;
        }
        return ManageCommand.refused(err, "no node answered the ping: " + (tried.isEmpty()
                ? "no [tower] host answers over SSH " + reach.unreachable() : String.join("; ", tried)));
    }
}
