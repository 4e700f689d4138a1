package dev.muster.engine;

import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.ExecResult;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.connection.SshConnectionFactory;
import dev.muster.connection.SshOptions;
import dev.muster.connection.SshWarmup;
import dev.muster.executor.FactSource;
import dev.muster.facts.FactGatherer;
import dev.muster.inventory.Inventory;
import dev.muster.inventory.InventoryLoader;
import dev.muster.module.Module;
import dev.muster.module.Modules;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.template.Expressions;
import dev.muster.template.TemplateEngine;
import dev.muster.template.Templating;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's real parts: the inventory loader, the standard modules, the template engine, facts and sshj. */
public final class StandardServices implements EngineServices {

    private final Modules modules = Modules.standard();
    private final ModuleCatalog catalog = new ModuleCatalog() {
        @Override
        public Optional<Module> find(String name) {
            return modules.get(name);
        }

        @Override
        public List<String> suggest(String name) {
            return modules.suggest(name).stream().toList();
        }
    };
    private final TemplateEngine templating = new TemplateEngine();

    @Override
    public Inventory inventory(List<Path> sources, Path playbookDir) {
        return InventoryLoader.load(sources, List.of(playbookDir));
    }

    @Override
    public ModuleCatalog modules() {
        return catalog;
    }

    @Override
    public Templating templating() {
        return templating;
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
    public ConnectionFactory connections(HostKeyPolicy hostKeyPolicy, Path knownHosts) {
        return connections(hostKeyPolicy, knownHosts, SshOptions.defaults().connectTimeout());
    }

    @Override
    public ConnectionFactory connections(HostKeyPolicy hostKeyPolicy, Path knownHosts, Duration connectTimeout) {
        SshOptions options = SshOptions.defaults().withHostKeyPolicy(hostKeyPolicy).withConnectTimeout(connectTimeout);
        if (knownHosts != null) {
            options = options.withKnownHostsFiles(List.of(knownHosts));
        }
        return new SshConnectionFactory(options);
    }

    /**
     * One daemon thread, on the second core while the main thread reads the inventory and the playbook: first the
     * Jinja engine (its libraries are registered by reflection, about 0.1 s of CPU on a cold JVM, and the plan
     * needs it as soon as it checks the first task's expressions, waiting for this thread rather than building a
     * second one), then SSH's crypto, which the first connection needs later.
     */
    @Override
    public void warmUp() {
        Thread thread = new Thread(() -> {
            Expressions.warmUp();
            SshWarmup.warm();
        }, "muster-warmup");
        thread.setDaemon(true);
        thread.start();
    }
}
