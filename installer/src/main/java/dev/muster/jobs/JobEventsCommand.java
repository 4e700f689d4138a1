package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster job events ID [--follow]}: the engine's events of a job, in order; --follow until it ends. */
@Command(name = "events", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A job's events in order (--json: the engine's JSON lines); --follow streams until the job ends.")
final class JobEventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    @Option(names = {"-f", "--follow"}, description = "Keep printing until the job ends; exit with its outcome (0 successful, 2 failed, 99 canceled).")
    boolean follow;

    @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "Only events after this sequence number.")
    long after;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode job = new JobEventsReader(api.connect(spec.commandLine().getErr()), out, api.json()).read(id, after, follow);
        if (!follow) {
            return ExitCodes.OK;
        }
        if (!api.json()) {
            out.print(JobView.render(job));
            out.flush();
        }
        return JobView.exitCode(job);
    }
}
