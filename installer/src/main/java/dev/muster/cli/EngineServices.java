package dev.muster.cli;

import dev.muster.connection.ConnectionFactory;
import dev.muster.executor.FactSource;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.vars.Templating;
import java.nio.file.Path;
import java.util.List;

/**
 * The parts the play command puts together: inventory loading, modules, templating, facts and
 * SSH. The real ones come from {@link RealEngineServices}; tests pass their own.
 */
public interface EngineServices {

    Inventory inventory(List<Path> sources);

    ModuleCatalog modules();

    Templating templating();

    FactSource facts();

    /** @param hostKeyPolicy strict, accept-new or insecure */
    ConnectionFactory connections(String hostKeyPolicy, int forks);
}
