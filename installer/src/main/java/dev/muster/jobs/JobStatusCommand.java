package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster job status [ID]}: one job's state, or the recent jobs. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A job's status, node, times, exit code and reason; without ID the recent jobs.")
final class JobStatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The job's id.")
    Long id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = api.connect(spec.commandLine().getErr());
        JsonNode answer = client.get(id == null ? "/api/v1/jobs/" : "/api/v1/jobs/" + id + "/");
        if (api.json()) {
            out.println(answer);
        } else if (id == null) {
            out.print(JobView.table(answer.isArray() ? answer : answer.path("results")));
        } else {
            out.print(JobView.render(answer));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
