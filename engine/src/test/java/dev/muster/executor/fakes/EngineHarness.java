package dev.muster.executor.fakes;

import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.engine.Engine;
import dev.muster.engine.EngineServices;
import dev.muster.engine.RunRequest;
import dev.muster.engine.RunResult;
import dev.muster.executor.FactSource;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Playbook;
import dev.muster.report.Event;
import dev.muster.report.EventListener;
import dev.muster.report.JsonLinesListener;
import dev.muster.report.Outcome;
import dev.muster.template.Templating;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes playbooks and roles into a directory and runs them against fake hosts, through the engine's own API
 * ({@link Engine}) with fake services: the same assembly as {@code muster play}.
 */
public final class EngineHarness {

    public final Path dir;
    public final FakeInventory inventory = new FakeInventory();
    public final FakeModules modules = new FakeModules();
    public final FakeTemplating templating = new FakeTemplating();
    public final FakeConnections connections = new FakeConnections();
    public final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    public final StringWriter json = new StringWriter();

    public EngineHarness(Path dir) {
        this.dir = dir;
    }

    public Path write(String relative, String text) {
        try {
            Path file = dir.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fakes, with {@code connections} for every run. */
    public EngineServices services(ConnectionFactory runConnections) {
        return services(inventory, modules, templating, runConnections);
    }

    public static EngineServices services(Inventory inventory, ModuleCatalog modules, Templating templating,
                                          ConnectionFactory connections) {
        return new EngineServices() {
            public Inventory inventory(List<Path> sources, Path playbookDir) { return inventory; }
            public ModuleCatalog modules() { return modules; }
            public Templating templating() { return templating; }
            public FactSource facts() { return new FakeFacts(); }
            public ConnectionFactory connections(HostKeyPolicy policy, Path knownHosts) { return unclosed(connections); }
        };
    }

    /** A run closes its connections when it ends; the fakes outlive runs, so that tests can look at them after. */
    static ConnectionFactory unclosed(ConnectionFactory connections) {
        return new ConnectionFactory() {
            public dev.muster.connection.Connection connect(String host, java.util.Map<String, Object> hostVars) {
                return connections.connect(host, hostVars);
            }

            public void close() {
            }
        };
    }

    public Engine engine() {
        return new Engine(services(connections));
    }

    /** A request for a playbook in {@link #dir}, roles also from project-roles/, 5 forks, the detail of -vvv. */
    public RunRequest.Builder request(String playbook) {
        return RunRequest.builder(Path.of(playbook)).workingDirectory(dir).inventory(Path.of("inventory"))
                .rolesPaths(List.of(dir.resolve("project-roles"))).forks(5).verbosity(3).timeout(Duration.ofMinutes(1));
    }

    public Playbook load(String playbook) {
        return engine().load(request(playbook).build()).playbook();
    }

    public Outcome run(RunRequest.Builder request) {
        return runResult(request).outcome();
    }

    public RunResult runResult(RunRequest.Builder request) {
        EventListener collect = events::add;
        try {
            return engine().prepare(request.build()).start(collect, new JsonLinesListener(new PrintWriter(json), false, 3)).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Outcome run(String playbook) {
        return run(request(playbook));
    }

    public List<Event.HostResult> results(String task) {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof Event.HostResult r && r.task().equals(task) && r.item() == null)
                    .map(e -> (Event.HostResult) e).toList();
        }
    }

    public Event.Recap recap() {
        synchronized (events) {
            return events.stream().filter(e -> e instanceof Event.Recap).map(e -> (Event.Recap) e).findFirst().orElseThrow();
        }
    }
}
