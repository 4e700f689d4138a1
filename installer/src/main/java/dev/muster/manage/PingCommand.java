package dev.muster.manage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ping [--json]}: the cluster's /api/v1/ping through nginx on the first node that answers, readable. */
@Command(name = "ping", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The cluster's /api/v1/ping (through nginx on the first [tower] node that answers), readable; --json as served.")
final class PingCommand extends ClusterCommand.OfTheCluster {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "The ping's JSON as the node served it.")
    boolean json;

    @Override
    int run(Cluster cluster, PrintWriter out, PrintWriter err) throws Exception {
        return onFirstAnsweringNode(cluster, err, "no node answered the ping", node -> {
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
                return Attempt.failed(run);
            }
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body.get()));
            } else {
                out.print(PingView.render(node, body.get()));
            }
            out.flush();
            return Attempt.done(ExitCodes.OK);
        });
    }
}
