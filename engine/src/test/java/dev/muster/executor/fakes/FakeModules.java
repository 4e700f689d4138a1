package dev.muster.executor.fakes;

import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.Args;
import dev.muster.module.Action;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.module.Suggest;
import dev.muster.shell.Shell;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Modules for engine tests, small but real in shape: command (remote; changed when rc 0, failed
 * otherwise), copy (content on stdin, "CHANGED" in stdout means changed), set_fact, debug, fail, assert.
 */
public final class FakeModules implements ModuleCatalog {

    private final Map<String, Module> modules = new LinkedHashMap<>();

    public FakeModules() {
        add("command", ArgSpec.builder().optional("cmd", Type.STRING).optional("chdir", Type.PATH).optional("creates", Type.PATH)
                .freeForm("cmd").build(), (args, ctx) -> RemoteAction.of(
                (args.has("chdir") ? "cd " + Shell.quote(args.string("chdir")) + " && " : "") + args.string("cmd"),
                r -> {
                    Map<String, Object> data = Map.of("rc", r.exitCode(), "stdout", r.stdout(), "stderr", r.stderr(),
                            "stdout_lines", List.of(r.stdout().split("\n")));
                    return (r.exitCode() == 0 ? TaskResult.changed("") : TaskResult.failed("non-zero return code")).withData(data);
                }));
        add("copy", ArgSpec.builder().required("dest", Type.PATH).optional("content", Type.STRING).optional("mode", Type.MODE)
                .choice("state", "present", "present", "absent").alias("dest", "path").build(), (args, ctx) -> new RemoteAction(
                "copy " + Shell.quote(args.string("dest")) + (args.has("mode") ? " " + args.string("mode") : ""),
                String.valueOf(args.string("content")).getBytes(StandardCharsets.UTF_8),
                r -> r.exitCode() != 0 ? TaskResult.failed(r.stderr())
                        : TaskResult.of(r.stdout().contains("CHANGED"), "").withDiff(new TaskResult.Diff(args.string("dest"), "old\n", args.string("content")))));
        add("set_fact", ArgSpec.builder().openEnded().build(), (args, ctx) -> new LocalAction(() -> TaskResult.ok("").withFacts(args.values())));
        add("debug", ArgSpec.builder().optional("msg", Type.ANY).optional("var", Type.STRING).mutuallyExclusive("msg", "var").build(),
                (args, ctx) -> new LocalAction(() -> {
                    Object shown = args.has("var") ? ctx.vars().get(args.string("var")) : args.values().getOrDefault("msg", "Hello world!");
                    return TaskResult.ok(String.valueOf(shown)).withData(Map.of("msg", String.valueOf(shown)));
                }));
        add("fail", ArgSpec.builder().optional("msg", Type.STRING, "Failed as requested").build(),
                (args, ctx) -> new LocalAction(() -> TaskResult.failed(args.string("msg"))));
        add("assert", ArgSpec.builder().required("that", Type.LIST).build(), (args, ctx) -> new LocalAction(() -> TaskResult.ok("All assertions passed")));
    }

    private interface Planner {
        Action plan(Args args, TaskContext context);
    }

    private void add(String name, ArgSpec spec, Planner planner) {
        modules.put(name, new Module() {
            public String name() { return name; }
            public ArgSpec spec() { return spec; }
            public Action plan(Args args, TaskContext context) { return planner.plan(args, context); }
        });
    }

    @Override
    public Optional<Module> find(String name) {
        return Optional.ofNullable(modules.get(name.replaceFirst("^ansible\\.builtin\\.", "")));
    }

    @Override
    public List<String> suggest(String name) {
        return Suggest.all(name, modules.keySet());
    }
}
