package dev.muster.cli;

import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.connection.SshConnectionFactory;
import dev.muster.connection.SshOptions;
import dev.muster.connection.SshWarmup;
import dev.muster.facts.FactGatherer;
import dev.muster.module.ExecResult;
import java.util.Map;
import dev.muster.executor.FactSource;
import dev.muster.inventory.Inventory;
import dev.muster.inventory.InventoryLoader;
import dev.muster.module.Module;
import dev.muster.module.Modules;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.vars.TemplateEngine;
import dev.muster.vars.Templating;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Wires the engine to the inventory loader, the module registry, the template engine, facts and sshj. */
final class RealEngineServices implements EngineServices {

    @Override
    public Inventory inventory(List<Path> sources, Path playbookDir) {
        return InventoryLoader.load(sources, List.of(playbookDir));
    }

    @Override
    public ModuleCatalog modules() {
        Modules modules = Modules.standard();
        return new ModuleCatalog() {
            @Override
            public Optional<Module> find(String name) {
                return modules.get(name);
            }

            @Override
            public List<String> suggest(String name) {
                return modules.suggest(name).stream().toList();
            }
        };
    }

    @Override
    public Templating templating() {
        return new TemplateEngine();
    }

    @Override
    public FactSource facts() {
        return new FactSource() {
            @Override
            public String script() {
                return FactGatherer.script();
            }

            @Override
            public Map<String, Object> parse(ExecResult result) {
                return FactGatherer.parse(result.stdout());
            }
        };
    }

    @Override
    public ConnectionFactory connections(String hostKeyPolicy, Path knownHosts, int forks) {
        SshOptions options = SshOptions.defaults().withHostKeyPolicy(HostKeyPolicy.parse(hostKeyPolicy));
        if (knownHosts != null) {
            options = options.withKnownHostsFiles(List.of(knownHosts));
        }
        return new SshConnectionFactory(options);
    }

    @Override
    public void warmUpConnections() {
        SshWarmup.inBackground();
    }
}
