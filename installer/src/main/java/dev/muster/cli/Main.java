package dev.muster.cli;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The thin command-line layer: picocli parses, each subcommand does one job, and {@link #run}
 * returns the exit code instead of exiting, so the whole CLI is testable in one JVM.
 */
@Command(name = "muster", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Agentless playbook engine and cluster installer.",
        subcommands = {InventoryCommand.class, PlayCommand.class, dev.muster.setup.SetupCommand.class, dev.muster.manage.ManageCommand.class,
                dev.muster.jobs.JobCommand.class, dev.muster.jobs.ProjectCommand.class, dev.muster.jobs.CredentialCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs the CLI with the given streams and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        // the cluster's stored inventories: `muster inventory save NAME FILE` beside the local --list/--host/--graph
        commandLine.getSubcommands().get("inventory").addSubcommand(new dev.muster.jobs.InventorySaveCommand());
        // "-e @vars.yml" is Ansible's syntax for a vars file: picocli must not read it as an argument file
        commandLine.setExpandAtFiles(false);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(Main::exitCodeOf);
        commandLine.setParameterExceptionHandler((ex, ignored) -> {
            err.println("muster: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return ExitCodes.BAD_OPTIONS;
        });
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof MusterException known) {
                err.println("ERROR: " + known.describe());
                return ExitCodes.of(known.failure());
            }
            throw ex;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int exitCodeOf(Throwable failure) {
        return failure instanceof MusterException known ? ExitCodes.of(known.failure()) : ExitCodes.ERROR;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
