package dev.muster.cli;

import dev.muster.error.MusterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -i}, shared by {@code play} and {@code inventory} so both read inventories the same way. */
final class InventorySources {

    @Option(names = {"-i", "--inventory"}, paramLabel = "INVENTORY",
            description = "Inventory file, directory or comma-separated host list (host1,host2,); repeatable.")
    List<Path> paths = new ArrayList<>();

    /** The sources given; none at all is a usage mistake, reported before anything is read. */
    List<Path> required() {
        if (paths.isEmpty()) {
            throw new MusterException(null, "an inventory is required: -i INVENTORY", dev.muster.error.Failure.BAD_REQUEST, null);
        }
        return paths;
    }
}
