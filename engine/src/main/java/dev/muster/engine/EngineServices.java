package dev.muster.engine;

import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.executor.FactSource;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.template.Templating;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The parts a run is assembled from: inventory loading, modules, templating, facts and connections. The real ones
 * are {@link StandardServices}; tests pass fakes, and still go through the same {@link Engine}.
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

    /** A new factory for one run, closed when the run ends. @param knownHosts instead of ~/.ssh/known_hosts, or null */
    ConnectionFactory connections(HostKeyPolicy hostKeyPolicy, Path knownHosts);

    /**
     * As {@link #connections(HostKeyPolicy, Path)}, connecting within {@code connectTimeout} unless a host's variables
     * say otherwise; fakes that never open a socket need not care.
     */
    default ConnectionFactory connections(HostKeyPolicy hostKeyPolicy, Path knownHosts, Duration connectTimeout) {
        return connections(hostKeyPolicy, knownHosts);
    }

    /**
     * Called first thing by a run that will connect: one-time work that needs no host (the expression engine, SSH's
     * crypto) may start in the background.
     */
    default void warmUp() {
    }
}
