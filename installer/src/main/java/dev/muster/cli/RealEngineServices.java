package dev.muster.cli;

import dev.muster.connection.ConnectionFactory;
import dev.muster.error.MusterException;
import dev.muster.executor.FactSource;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.vars.Templating;
import java.nio.file.Path;
import java.util.List;

/** Wires the engine to the inventory loader, the module registry, the template engine, facts and sshj. */
final class RealEngineServices implements EngineServices {

    @Override
    public Inventory inventory(List<Path> sources) {
        throw new MusterException("inventory loading is not built yet");
    }

    @Override
    public ModuleCatalog modules() {
        throw new MusterException("the module registry is not built yet");
    }

    @Override
    public Templating templating() {
        throw new MusterException("templating is not built yet");
    }

    @Override
    public FactSource facts() {
        throw new MusterException("fact gathering is not built yet");
    }

    @Override
    public ConnectionFactory connections(String hostKeyPolicy, int forks) {
        throw new MusterException("SSH connections are not built yet");
    }
}
