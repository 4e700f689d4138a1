package dev.muster.manage;

import dev.muster.cli.Version;
import dev.muster.error.ExitCodes;
import dev.muster.setup.Installation;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code ./manage} (= {@code muster manage}): day-2 operations on a cluster installed by ./setup.sh, from the same
 * inventory: deprovision-node, disable-node, enable-node, list-nodes, ping. The work on hosts is done by the
 * playbooks in playbooks/manage/ and, for the registry, by the node service's own admin command on a surviving node.
 */
@Command(name = "manage", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Manage the cluster installed by ./setup.sh, from the same inventory.",
                "Everything after -- goes to 'muster play' (-v, --known-hosts, --host-key-policy ...)."},
        subcommands = {DeprovisionNodeCommand.class, NodeFlagCommand.Disable.class, NodeFlagCommand.Enable.class,
                ListNodesCommand.class, PingCommand.class, CommandLine.HelpCommand.class})
public final class ManageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY", defaultValue = "inventory", scope = ScopeType.INHERIT,
            description = "The inventory setup used (default: ./inventory).")
    Path inventoryFile;

    @Option(names = {"-e", "--extra-vars"}, paramLabel = "VAR=VALUE", scope = ScopeType.INHERIT,
            description = "Extra variables as for setup: VAR=VALUE, @file.yml or {json}; repeatable.")
    List<String> extraVars = new ArrayList<>();

    @Option(names = "--home", paramLabel = "DIR", hidden = true, scope = ScopeType.INHERIT,
            description = "Where playbooks/, roles/ and group_vars/ are (./manage passes its own directory).")
    Path home;

    @Option(names = {"-y", "--yes"}, scope = ScopeType.INHERIT,
            description = "Do not ask before changing the cluster (for scripts); without it, a terminal is asked.")
    boolean yes;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is required: deprovision-node, disable-node, enable-node, list-nodes or ping");
    }

    /**
     * The installation and a cluster runner for a subcommand; null (after printing every problem) when the
     * inventory fails the same checks setup makes.
     */
    Cluster cluster(List<String> playArgs, PrintWriter out, PrintWriter err) {
        Installation installation = Installation.load(Installation.root(home), "playbooks/manage/state.yml", inventoryFile, extraVars);
        List<String> problems = installation.problems();
        if (!problems.isEmpty()) {
            err.println("manage: the inventory " + inventoryFile + " needs fixing; nothing was done:");
            problems.forEach(p -> err.println("  - " + p));
            err.flush();
            return null;
        }
        return new Cluster(installation, playArgs, out, err);
    }

    /** Asks on the terminal unless --yes; refuses without a terminal. */
    boolean confirm(String question, PrintWriter out, PrintWriter err) {
        if (yes) {
            return true;
        }
        Console console = System.console();
        if (console == null) {
            err.println("manage: this changes the cluster and there is no terminal to ask: give --yes to run it from a script");
            return false;
        }
        out.flush();
        String answer = console.readLine("%s [y/N] ", question);
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }

    static boolean colour() {
        return System.console() != null && System.getenv("NO_COLOR") == null;
    }

    static int refused(PrintWriter err, String message) {
        err.println("manage: " + message);
        err.flush();
        return ExitCodes.ERROR;
    }
}
