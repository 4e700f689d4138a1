package dev.muster.executor;

import dev.muster.error.MusterException;
import dev.muster.playbook.DynamicInclude;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.playbook.TaskFiles;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import dev.muster.vars.LazyVars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * include_tasks and include_role at run time: the name is templated per host, the hosts are grouped by the file it
 * names for them, and each file is loaded (validated as at plan time) and walked on its group. A template, condition
 * or load error fails the hosts concerned only.
 */
final class IncludeExpander {

    private final VarsAssembler vars;
    private final Templating templating;
    private final PlaybookLoader loader;
    private final Path playbookDir;
    private final HostAccounting accounting;
    private final Interruption interruption;

    IncludeExpander(VarsAssembler vars, Templating templating, PlaybookLoader loader, Path playbookDir,
                    HostAccounting accounting, Interruption interruption) {
        this.vars = vars;
        this.templating = templating;
        this.loader = loader;
        this.playbookDir = playbookDir;
        this.accounting = accounting;
        this.interruption = interruption;
    }

    /** Expands {@code include} for the {@code active} hosts and has {@code walker} run what it brings. */
    void run(DynamicInclude include, PlayRun run, List<HostState> active, BlockWalker walker) {
        if (include.loop() != null) {
            runLoop(include, run, active, walker);
            return;
        }
        Map<String, List<HostState>> byName = new LinkedHashMap<>();
        for (HostState host : active) {
            addByIncludedFile(include, run, host, byName);
        }
        runIncluded(include, run, byName, walker);
    }

    /** Files the host under the name its include resolves to for it, when the include's when: holds. */
    private void addByIncludedFile(DynamicInclude include, PlayRun run, HostState host, Map<String, List<HostState>> byName) {
        try {
            LazyVars hostVars = vars.lazy(vars.raw(host, run, include.scope()));
            boolean wanted = include.when().stream().allMatch(c -> Templates.test(templating, c.text(), hostVars, c.location(), "include"));
            if (wanted) {
                String name = String.valueOf(Templates.deep(templating, include.nameTemplate(), hostVars, include.location(), "include"));
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(host);
            }
        } catch (MusterException e) {
            accounting.fail(host, "include", e.describe());
        }
    }

    /**
     * An include with a loop: item by item, the hosts that have that item run the included tasks
     * with the loop variable set on them (at set_fact level, restored afterwards).
     */
    private void runLoop(DynamicInclude include, PlayRun run, List<HostState> active, BlockWalker walker) {
        Map<HostState, List<Object>> items = new LinkedHashMap<>();
        for (HostState host : active) {
            try {
                items.put(host, items(include, run, host));
            } catch (MusterException e) {
                accounting.fail(host, "include", e.describe());
            }
        }
        int longest = items.values().stream().mapToInt(List::size).max().orElse(0);
        for (int index = 0; index < longest && !interruption.requested() && !run.aborted; index++) {
            Map<String, List<HostState>> byName = new LinkedHashMap<>();
            Map<HostState, Map<String, Object>> previous = new LinkedHashMap<>();
            for (Map.Entry<HostState, List<Object>> entry : items.entrySet()) {
                HostState host = entry.getKey();
                if (index >= entry.getValue().size() || !host.active()) {
                    continue;
                }
                Map<String, Object> set = new LinkedHashMap<>();
                set.put(include.loopVar(), entry.getValue().get(index));
                if (include.indexVar() != null) {
                    set.put(include.indexVar(), index);
                }
                Map<String, Object> before = new LinkedHashMap<>();
                set.forEach((name, value) -> before.put(name, host.hostVars.get(name)));
                previous.put(host, before);
                host.hostVars.putAll(set);
                addByIncludedFile(include, run, host, byName);
            }
            runIncluded(include, run, byName, walker);
            previous.forEach((host, before) -> before.forEach((name, value) -> {
                if (value == null) {
                    host.hostVars.remove(name);
                } else {
                    host.hostVars.put(name, value);
                }
            }));
        }
    }

    private List<Object> items(DynamicInclude include, PlayRun run, HostState host) {
        LazyVars hostVars = vars.lazy(vars.raw(host, run, include.scope()));
        Object value = Templates.deep(templating, include.loop(), hostVars, include.location(), "include");
        return LoopLookups.items(include.loopLookup(), value, new LoopLookups.FileSearch(include.scope(), playbookDir, "files"),
                include.location(), null);
    }

    private void runIncluded(DynamicInclude include, PlayRun run, Map<String, List<HostState>> byName, BlockWalker walker) {
        byName.forEach((name, targets) -> {
            PlaybookLoader.Loaded loaded;
            try {
                loaded = include.kind() == DynamicInclude.Kind.ROLE
                        ? loader.loadRole(name, include.params(), include.scope(), include.location(), playbookDir)
                        : loader.loadTaskFile(TaskFiles.find(name, include.scope(), playbookDir, include.location()), include.scope(), playbookDir);
            } catch (MusterException e) {
                targets.forEach(host -> accounting.fail(host, "include " + name, e.describe()));
                return;
            }
            loaded.handlers().stream().filter(h -> !run.handlers.contains(h)).forEach(run.handlers::add);
            walker.runSteps(loaded.steps(), run, targets);
        });
    }
}
