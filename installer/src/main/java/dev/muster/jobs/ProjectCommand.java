package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster project create|update}: named directories of playbooks and roles, on every node of the cluster. */
@Command(name = "project", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Projects on the cluster: create one, then update it from a directory or a .tar.gz.",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.Update.class})
public final class ProjectCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a project command is required: create or update");
    }

    @Command(name = "create", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Create an empty project (an update brings its files).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(paramLabel = "NAME", description = "The project's name.")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode answer = api.connect(spec.commandLine().getErr()).post("/api/v1/projects/", Map.of("name", name));
            return api.show(out, answer, "project " + name + " created");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Upload a new revision and wait until every alive node has unpacked it (up to 60 s);",
                    "if one fails, the update fails naming it, and jobs keep the previous revision."})
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @Parameters(index = "0", paramLabel = "NAME", description = "The project's name.")
        String name;

        @Parameters(index = "1", paramLabel = "ARCHIVE_OR_DIR", description = "A .tar.gz, or a directory to pack (VCS files left out).")
        Path source;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            byte[] archive = ProjectArchive.of(source);
            ApiClient client = api.connect(spec.commandLine().getErr());
            JsonNode answer;
            try {
                answer = client.postBytes("/api/v1/projects/" + name + "/update/", archive, "application/gzip");
            } catch (ApiException failed) {
                if (!failed.body().path("nodes").isObject()) {
                    throw failed;
                }
                // the nodes that failed or did not answer, each with its own reason
                out.println(api.json() ? failed.body().toString() : "project " + name + ": update failed\n" + nodes(failed.body()));
                out.flush();
                return ExitCodes.ERROR;
            }
            out.println(api.json() ? answer.toString() : "project " + name + ": revision " + answer.path("revision").asText()
                    + " on every node\n" + nodes(answer));
            out.flush();
            return ExitCodes.OK;
        }

        private static String nodes(JsonNode answer) {
            StringBuilder text = new StringBuilder();
            for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("nodes").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> node = it.next();
                text.append(String.format("  %-20s %s%n", node.getKey(), node.getValue().asText()));
            }
            return text.toString().stripTrailing();
        }
    }
}
