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

    /**
     * The inventory from {@code sources}, with the group_vars/ and host_vars/ beside the playbook
     * ({@code playbookDir}) layered over the inventory's own, as ansible-playbook does.
     */
    Inventory inventory(List<Path> sources, Path playbookDir);

    ModuleCatalog modules();

    Templating templating();

    FactSource facts();

    /**
     * @param hostKeyPolicy strict, accept-new or insecure
     * @param knownHosts    the known_hosts file to use instead of ~/.ssh/known_hosts, or null
     */
    ConnectionFactory connections(String hostKeyPolicy, Path knownHosts, int forks);

    /** Called first thing by a run that will connect: one-time connection work may start in the background. */
    default void warmUpConnections() {
    }
}
