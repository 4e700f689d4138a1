package dev.muster.module;

import dev.muster.template.TemplateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** TaskContexts for tests: resources read from a directory, the real template renderer. */
public final class Contexts {

    private Contexts() {
    }

    public static TaskContext of(boolean check, boolean diff, Map<String, Object> vars, Path resources) {
        TaskContext.Resources reader = new TaskContext.Resources() {
            @Override
            public byte[] read(String kind, String src) {
                try {
                    return Files.readAllBytes(resources.resolve(kind).resolve(src));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public Path find(String kind, String src) {
                Path p = resources.resolve(kind).resolve(src);
                return Files.exists(p) ? p : null;
            }
        };
        return new TaskContext("local", vars, Map.of(), check, diff, reader, TemplateFiles.renderer());
    }

    public static TaskContext normal() {
        return of(false, false, Map.of(), Path.of("/nonexistent"));
    }

    public static TaskContext check() {
        return of(true, false, Map.of(), Path.of("/nonexistent"));
    }

    public static TaskContext diff() {
        return of(false, true, Map.of(), Path.of("/nonexistent"));
    }

    /** Binds raw arguments against the module's spec and plans, as the executor does. */
    public static Action plan(String module, Object raw, TaskContext context) {
        Module m = Modules.standard().get(module).orElseThrow();
        return m.plan(m.spec().bind(freeForm(m, raw)), context);
    }

    /** A free-form string ({@code ls -l creates=/x}) read as the planner reads it; anything else as it is. */
    public static Object freeForm(Module m, Object raw) {
        if (!(raw instanceof String text)) {
            return raw;
        }
        return dev.muster.playbook.FreeFormArgs.parse(text, m.name(), m.spec().freeForm(), null);
    }
}
