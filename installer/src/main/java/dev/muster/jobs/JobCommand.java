package dev.muster.jobs;

import dev.muster.cli.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code muster job launch|status|events|cancel}: jobs on the cluster, through any node's HTTPS API. */
@Command(name = "job", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Launch, watch and cancel playbook runs on the cluster (its HTTPS API, any node).",
        subcommands = {JobLaunchCommand.class, JobStatusCommand.class, JobEventsCommand.class, JobCancelCommand.class},
        footer = {"", "Exit codes: 0 ok; 2 the job failed (or the engine's own code); 3 the cluster cannot be reached;",
                "4 the cluster refused the request (unknown project, broken inventory, ...); 5 bad options or credentials;",
                "99 the job was canceled; 1 anything else."})
public final class JobCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a job command is required: launch, status, events or cancel");
    }
}
