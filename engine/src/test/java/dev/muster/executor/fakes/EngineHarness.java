package dev.muster.executor.fakes;

import dev.muster.executor.PlaybookRunner;
import dev.muster.executor.Preflight;
import dev.muster.executor.RunOptions;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.JsonLinesListener;
import dev.muster.report.Masker;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Writes playbooks and roles into a directory and runs them against fake hosts. */
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

    public PlaybookLoader loader() {
        return new PlaybookLoader(modules, List.of(dir.resolve("project-roles")), c -> {
            try {
                templating.checkSyntax(c.text());
            } catch (IllegalArgumentException e) {
                throw new dev.muster.error.MusterException(c.location(), "bad condition: " + e.getMessage());
            }
        });
    }

    public Playbook load(String playbook) {
        return loader().load(dir.resolve(playbook));
    }

    public int run(String playbook, RunOptions options) {
        Playbook loaded = load(playbook);
        Preflight.check(loaded, inventory, options, w -> { });
        EventBus bus = new EventBus(new Masker());
        bus.add(events::add);
        bus.add(new JsonLinesListener(new PrintWriter(json), false, 3));
        return new PlaybookRunner(loaded, inventory, modules, templating, new FakeFacts(), connections, loader(), bus, options).run();
    }

    public int run(String playbook) {
        return run(playbook, RunOptions.defaults());
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
