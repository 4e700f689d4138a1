package dev.muster.cli;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The thin command-line layer: picocli parses, each subcommand does one job, and {@link #run}
 * returns the exit code instead of exiting, so the whole CLI is testable in one JVM.
 */
@Command(name = "muster", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Agentless playbook engine and cluster installer.")
public final class Main implements Runnable {

    /**
     * The subcommands, by name, in the order help lists them. picocli models a command by reflection over its
     * annotations, and picocli's classes (Java 5 bytecode) are never in the class-data archive: modelling all
     * of them cost about 0.4 s of CPU on every run, most of it for commands the run does not use. So a command
     * line that names one of them models only that one; anything else (help, --version, a typo) models all.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("inventory", InventoryCommand::new);
        SUBCOMMANDS.put("play", PlayCommand::new);
        SUBCOMMANDS.put("setup", dev.muster.setup.SetupCommand::new);
        SUBCOMMANDS.put("manage", dev.muster.manage.ManageCommand::new);
        SUBCOMMANDS.put("job", dev.muster.jobs.JobCommand::new);
        SUBCOMMANDS.put("project", dev.muster.jobs.ProjectCommand::new);
        SUBCOMMANDS.put("credential", dev.muster.jobs.CredentialCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

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
        String named = args.length > 0 && SUBCOMMANDS.containsKey(args[0]) && !args[0].equals("help") ? args[0] : null;
        SUBCOMMANDS.forEach((name, command) -> {
            if (named == null || named.equals(name)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        CommandLine inventory = commandLine.getSubcommands().get("inventory");
        if (inventory != null) {
            // the cluster's stored inventories: `muster inventory save NAME FILE` beside the local --list/--host/--graph
            inventory.addSubcommand(new dev.muster.jobs.InventorySaveCommand());
        }
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
