package dev.muster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: the inventory work replaces this with --list, --graph and --host. */
@Command(name = "inventory", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show the inventory as ansible-inventory does.")
public final class InventoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new UnsupportedOperationException("not yet built");
    }
}
