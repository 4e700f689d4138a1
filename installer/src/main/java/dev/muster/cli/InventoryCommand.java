package dev.muster.cli;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.inventory.InventoryListing;
import dev.muster.inventory.InventoryLoader;
import dev.muster.inventory.InventoryOutput;
import dev.muster.inventory.LoadedInventory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code muster inventory}: what {@code ansible-inventory} prints for --list, --host and --graph. */
@Command(name = "inventory", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show the inventory as ansible-inventory does (same JSON for --list and --host).")
public final class InventoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InventorySources inventories;

    @Option(names = "--list", description = "Print every group and host variables as JSON (or YAML with -y).")
    boolean list;

    @Option(names = "--host", paramLabel = "NAME", description = "Print the variables of one host.")
    String host;

    @Option(names = "--graph", description = "Print the group tree, from GROUP (default all).")
    boolean graph;

    @Option(names = "--vars", description = "With --graph: show variables.")
    boolean showVars;

    @Option(names = {"-y", "--yaml"}, description = "YAML instead of JSON (--list, --host).")
    boolean yaml;

    @Parameters(arity = "0..1", paramLabel = "GROUP", description = "Group to start --graph at.")
    String pattern;

    @Override
    public Integer call() {
        int actions = (list ? 1 : 0) + (host != null ? 1 : 0) + (graph ? 1 : 0);
        if (actions != 1) {
            throw new MusterException(null, actions == 0
                    ? "no action selected: give one of --list, --host NAME or --graph"
                    : "only one of --list, --host or --graph can be used at the same time",
                    dev.muster.error.Failure.BAD_REQUEST, null);
        }
        LoadedInventory inventory = InventoryLoader.load(inventories.required());
        var out = spec.commandLine().getOut();
        if (list) {
            out.println(yaml ? InventoryOutput.yaml(InventoryListing.yaml(inventory)).stripTrailing()
                    : InventoryOutput.json(InventoryListing.json(inventory)));
        } else if (host != null) {
            if (inventory.host(host).isEmpty()) {
                throw new MusterException(null, "host '" + host + "' is not in the inventory",
                        dev.muster.error.Failure.BAD_REQUEST, null);
            }
            Object vars = inventory.hostVars(host);
            out.println(yaml ? InventoryOutput.yaml(vars).stripTrailing() : InventoryOutput.json(vars));
        } else {
            String start = pattern == null ? "all" : pattern;
            if (!inventory.groupNames().contains(start)) {
                throw new MusterException(null, "--graph needs a group name; '" + start + "' is not a group",
                        dev.muster.error.Failure.BAD_REQUEST, null);
            }
            out.println(InventoryListing.graph(inventory, start, showVars));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
