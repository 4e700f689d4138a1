package dev.muster.jobs;

import dev.muster.cli.Version;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster job cancel ID}: a pending job is canceled at once, a running one ends as Ctrl-C ends a run. */
@Command(name = "cancel", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Cancel a job: pending ones at once; a running one finishes its current task and starts no other.")
final class JobCancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(paramLabel = "ID", description = "The job's id.")
    long id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var answer = api.connect(spec.commandLine().getErr()).post("/api/v1/jobs/" + id + "/cancel/", java.util.Map.of());
        return api.show(out, answer, "job " + id + ": cancel requested");
    }
}
