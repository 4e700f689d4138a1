package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.executor.fakes.EngineHarness;
import dev.muster.executor.fakes.FakeFacts;
import dev.muster.executor.fakes.ProcessConnections;
import dev.muster.module.Module;
import dev.muster.module.Modules;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.HostStats;
import dev.muster.report.JsonLinesListener;
import dev.muster.report.Masker;
import dev.muster.vars.TemplateEngine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine with the real modules and templating on this machine's shell: real files, real sh. */
class LocalEndToEndTest {

    @TempDir
    Path dir;

    private static final ModuleCatalog MODULES = new ModuleCatalog() {
        public Optional<Module> find(String name) { return Modules.standard().get(name); }
        public List<String> suggest(String name) { return Modules.standard().suggest(name).stream().toList(); }
    };

    private record Run(int exit, HostStats stats, String json) {
    }

    private Run run(EngineHarness h, String playbook, Map<String, Object> extra) {
        TemplateEngine templating = new TemplateEngine();
        PlaybookLoader loader = new PlaybookLoader(MODULES, List.of(), c -> templating.checkSyntax(c.text()));
        Playbook book = loader.load(h.dir.resolve(playbook));
        StringWriter json = new StringWriter();
        List<Event> events = new ArrayList<>();
        EventBus bus = new EventBus(new Masker()).add(events::add).add(new JsonLinesListener(new PrintWriter(json), false, 3));
        RunOptions options = new RunOptions(false, false, 5, null, java.util.Set.of(), java.util.Set.of(), extra, 3, null, java.time.Duration.ofMinutes(1));
        try (ProcessConnections connections = new ProcessConnections()) {
            int exit = new PlaybookRunner(book, h.inventory, MODULES, templating, new FakeFacts(), connections, loader, bus, options).run();
            Event.Recap recap = (Event.Recap) events.get(events.size() - 1);
            return new Run(exit, recap.hosts().get("local"), json.toString());
        }
    }

    @Test
    void convergesThenChangesNothingAndHostileValuesStayInert() throws Exception {
        EngineHarness h = new EngineHarness(dir);
        h.inventory.group("here", "local").var("local", "ansible_connection", "local");
        Path out = dir.resolve("out");
        Path marker = dir.resolve("pwned");
        String hostile = "$(touch " + marker + ") `touch " + marker + "` '; touch " + marker + " # ü";
        h.write("roles/demo/defaults/main.yml", "greeting: hello\n");
        h.write("roles/demo/templates/app.conf", "greeting={{greeting}}\nhost={{inventory_hostname}}\nvalue={{hostile}}\n");
        h.write("roles/demo/tasks/main.yml", """
                - name: directory
                  file: {path: "{{ out }}", state: directory, mode: "0755"}
                - name: config from template
                  template: {src: app.conf, dest: "{{ out }}/app.conf", mode: "0640"}
                - name: plain copy
                  copy: {content: "{{ hostile }}\\n", dest: "{{ out }}/hostile.txt"}
                - name: look
                  stat: {path: "{{ out }}/app.conf"}
                  register: st
                - name: check
                  assert:
                    that: ["st.stat.exists"]
                - name: remember
                  set_fact: {seen: "{{ greeting }}-{{ inventory_hostname }}"}
                - name: say
                  debug: {msg: "{{ seen }}"}
                """);
        h.write("site.yml", "- hosts: here\n  gather_facts: false\n  roles: [demo]\n");
        Map<String, Object> extra = Map.of("out", out.toString(), "hostile", hostile, "db_password", "pa55-word-xyz");
        Run first = run(h, "site.yml", extra);
        assertEquals(0, first.exit(), first.json());
        assertTrue(first.stats().changed() >= 3, first.json());
        assertEquals("greeting=hello\nhost=local\nvalue=" + hostile + "\n", Files.readString(out.resolve("app.conf")));
        assertEquals(hostile + "\n", Files.readString(out.resolve("hostile.txt")));
        assertFalse(Files.exists(marker), "hostile values are never run by a shell");
        Run second = run(h, "site.yml", extra);
        assertEquals(0, second.exit(), second.json());
        assertEquals(0, second.stats().changed(), second.json());
        assertFalse(second.json().contains("pa55-word-xyz"));
        try (var files = Files.list(out)) {
            assertEquals(List.of("app.conf", "hostile.txt"), files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp files left");
        }
    }
}
