package dev.muster.engine;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.module.Action;
import dev.muster.module.Args;
import dev.muster.module.ArgumentException;
import dev.muster.template.TemplateException;
import dev.muster.template.TemplateFiles;
import dev.muster.playbook.TaskFiles;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.playbook.Block;
import dev.muster.playbook.DynamicInclude;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.RoleContext;
import dev.muster.playbook.Scope;
import dev.muster.playbook.Step;
import dev.muster.playbook.Task;
import dev.muster.template.TemplatedValues;
import dev.muster.template.Templating;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a loaded playbook alone shows to be impossible, found before any host is touched (by {@code --syntax-check}
 * as by {@code play}), each with FILE:LINE:COLUMN:
 * <ul>
 * <li>every {@code {{ expression }}} in arguments, loops, labels, {@code delegate_to}, {@code become_user},
 * {@code environment}, include names and variables that the expression engine could not evaluate (syntax, an unknown
 * filter or test, a lookup, an inline if); conditions get the same check as the loader reads them;</li>
 * <li>arguments without templates that the module itself would refuse on every host (lineinfile's {@code backrefs}, a
 * multi-line {@code line}, a wrong type): the module's own plan is asked, with no host, so the rule stays written once,
 * in the module. Only its {@link ArgumentException}s count: anything else needs what only a host has.</li>
 * </ul>
 */
final class PlanChecks {

    /** What a module sees when planned with no host: no variables, no facts, and no files (read at run time). */
    private static final TaskContext NO_HOST = new TaskContext("", Map.of(), Map.of(), false, false,
            (kind, src) -> {
                throw new NeedsHost();
            },
            (name, template, vars, options) -> {
                throw new NeedsHost();
            });

    /** Arguments a module refuses by their own literal value, and values for the others that the module accepts. */
    private record Probe(List<String> literal, Map<String, Object> neutral) {
    }

    /**
     * lineinfile refuses a regexp ERE cannot match the same way (with backrefs: also a lazy or alternating one, and a
     * backrefs line with a line break) whatever the path (LineInFileModule, PythonRegex); systemd refuses scope user/global.
     */
    private static final Map<String, Probe> PROBES = Map.of(
            "template", new Probe(List.of("src", "newline_sequence", "variable_start_string", "variable_end_string",
                    "block_start_string", "block_end_string", "comment_start_string", "comment_end_string"),
                    Map.of("src", "/muster-plan-probe", "dest", "/muster-plan-probe")),
            "lineinfile", new Probe(List.of("line", "backrefs", "regexp", "insertafter", "insertbefore", "firstmatch"),
                    Map.of("path", "/muster-plan-probe", "line", "probe", "state", "present")),
            "blockinfile", new Probe(List.of("insertafter", "insertbefore"), Map.of("path", "/muster-plan-probe")),
            // state too: with none of state/enabled/masked/daemon_reload the module refuses whatever scope says, so a
            // task whose name or state is templated was refused at plan ("one of the following is required")
            "systemd", new Probe(List.of("scope"), Map.of("name", "probe", "state", "started")));

    private final ModuleCatalog modules;
    private final Templating templating;
    /** Scope variables and roles are shared by many tasks: each map is checked once. */
    private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    private final java.nio.file.Path playbookDir;

    private PlanChecks(ModuleCatalog modules, Templating templating, java.nio.file.Path playbookDir) {
        this.modules = modules;
        this.templating = templating;
        this.playbookDir = playbookDir;
    }

    static void check(Playbook playbook, ModuleCatalog modules, Templating templating) {
        PlanChecks checks = new PlanChecks(modules, templating, playbook.file().toAbsolutePath().getParent());
        for (Play play : playbook.plays()) {
            checks.value(play.vars(), play.location(), "play '" + play.displayName() + "'");
            for (List<Step> steps : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                steps.forEach(checks::step);
            }
            play.handlers().forEach(checks::step);
        }
    }

    private void step(Step step) {
        if (step instanceof Block block) {
            for (List<Step> part : List.of(block.block(), block.rescue(), block.always())) {
                part.forEach(this::step);
            }
        } else if (step instanceof Task task) {
            task(task);
        } else if (step instanceof DynamicInclude include) {
            String what = "include '" + include.nameTemplate() + "'";
            value(include.nameTemplate(), include.location(), what);
            value(include.loop(), include.location(), what);
            value(include.params(), include.location(), what);
            scope(include.scope(), include.location(), what);
        }
    }

    private void task(Task task) {
        String what = "task '" + task.displayName() + "'";
        task.args().forEach((name, arg) -> value(arg, task.argLocations().getOrDefault(name, task.location()), what));
        value(task.loop(), task.location(), what);
        value(task.loopLabel(), task.location(), what);
        value(task.notifies(), task.location(), what);
        scope(task.scope(), task.location(), what);
        refusedByModule(task, what);
    }

    private void scope(Scope scope, SourceLocation at, String what) {
        value(scope.delegateTo(), at, what);
        value(scope.becomeUser(), at, what);
        if (seen.add(scope.vars())) {
            value(scope.vars(), at, what);
        }
        if (seen.add(scope.environment())) {
            value(scope.environment(), at, what);
        }
        RoleContext role = scope.role();
        if (role != null && seen.add(role)) {
            String inRole = "role '" + role.name() + "'";
            value(role.defaults(), at, inRole);
            value(role.vars(), at, inRole);
            value(role.params(), at, inRole);
        }
    }

    private void value(Object value, SourceLocation at, String what) {
        if (value == null) {
            return;
        }
        try {
            templating.checkValue(value);
        } catch (MusterException e) {
            throw e.location() != null ? e : new MusterException(at, what + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new MusterException(at, what + ": " + e.getMessage());
        }
    }

    /**
     * A task whose arguments hold no template is planned as the module will plan it on every host. One whose other
     * arguments are templated is probed where the module refuses a literal argument whatever the rest holds
     * ({@link #PROBES}): planned with that argument as written and neutral values for the others.
     */
    private void refusedByModule(Task task, String what) {
        Module module = modules.find(task.module()).orElse(null);
        if (module == null) {
            return; // meta, and names the loader already refused
        }
        Map<String, Object> planned = task.args();
        if (TemplatedValues.isTemplated(planned)) {
            Probe probe = PROBES.get(module.name());
            if (probe == null) {
                return;
            }
            planned = new java.util.LinkedHashMap<>(probe.neutral());
            for (String name : probe.literal()) {
                Object given = task.args().get(name);
                if (given != null && !TemplatedValues.isTemplated(given)) {
                    planned.put(name, given);
                }
            }
        }
        try {
            Args args = module.spec().bind(planned);
            Action ignored = module.plan(args, module.name().equals("template") ? templateFileHeader(task) : NO_HOST);
        } catch (ArgumentException e) {
            throw new MusterException(task.location(), what + ": " + e.getMessage());
        } catch (RuntimeException needsHost) {
            // decided with the host's variables, facts or files: at run time, as before
        }
    }

    /**
     * The template module with no host, save that its file is read (found as at run time) for its {@code #jinja2:}
     * line: a header this engine refuses (other delimiters) is refused before any host, as written options are.
     */
    private TaskContext templateFileHeader(Task task) {
        return new TaskContext("", Map.of(), Map.of(), false, false,
                (kind, src) -> TaskFiles.readResource(kind, src, task.scope(), playbookDir),
                (name, template, vars, options) -> {
                    try {
                        TemplateFiles.checkHeader(name, template);
                    } catch (TemplateException e) {
                        throw new ArgumentException("src", name + ": " + e.getMessage());
                    }
                    throw new NeedsHost();
                });
    }

    /** Thrown by {@link #NO_HOST} when a module wants a file: whatever follows is decided at run time. */
    private static final class NeedsHost extends RuntimeException {
        NeedsHost() {
            super(null, null, false, false);
        }
    }
}
