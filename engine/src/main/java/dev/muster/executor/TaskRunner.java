package dev.muster.executor;

import dev.muster.connection.UnreachableException;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.module.Action;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.playbook.Condition;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Task;
import dev.muster.playbook.TaskFiles;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Masker;
import dev.muster.report.Status;
import dev.muster.template.TemplateFiles;
import dev.muster.template.TaskLookups;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import dev.muster.template.UnsafeText;
import dev.muster.template.ansible.LookupEnvironment;
import dev.muster.vars.LazyVars;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one task on one host (ansible-core's TaskExecutor): its variables, when:, the loop ({@link LoopRunner}),
 * retries until until: holds, the module's plan from the templated arguments, the round trip
 * ({@link RemoteExecution}), what the result means ({@link ResultInterpreter}) and the events that report it
 * ({@link TaskEvents}).
 */
final class TaskRunner {

    private final ModuleCatalog modules;
    private final Templating templating;
    private final VarsAssembler varsAssembler;
    private final RemoteExecution remote;
    private final ResultInterpreter results;
    private final TaskEvents events;
    private final LoopRunner loops;
    private final EventBus bus;
    private final Masker masker;
    private final RunOptions options;
    private final Path playbookDir;
    private final Interruption interruption;
    private final InventoryChanges inventoryChanges;

    TaskRunner(ModuleCatalog modules, Templating templating, VarsAssembler varsAssembler, RemoteExecution remote,
               EventBus bus, RunOptions options, Path playbookDir, Interruption interruption, InventoryChanges inventoryChanges) {
        this.inventoryChanges = inventoryChanges;
        this.modules = modules;
        this.templating = templating;
        this.varsAssembler = varsAssembler;
        this.remote = remote;
        this.bus = bus;
        this.masker = bus.masker();
        this.options = options;
        this.playbookDir = playbookDir;
        this.interruption = interruption;
        this.results = new ResultInterpreter(templating, varsAssembler, masker, options.diff());
        this.events = new TaskEvents(bus);
        this.loops = new LoopRunner(templating, varsAssembler, results, events, interruption, this::once, playbookDir);
    }

    HostOutcome run(Task task, HostState host, PlayRun run) {
        long started = System.nanoTime();
        Map<String, Object> raw = varsAssembler.raw(host, run, task.scope());
        LazyVars vars = varsAssembler.lazy(raw);
        masker.learn(raw);
        // lookup() in this task's expressions (its loop, arguments, conditions, variables) reads the task's files and variables
        return TaskLookups.with(lookups(task, vars), () -> runBound(task, host, vars, raw, started));
    }

    private HostOutcome runBound(Task task, HostState host, LazyVars vars, Map<String, Object> raw, long started) {
        try {
            if (task.loop() != null) {
                return loops.run(task, host, vars, raw, started);
            }
            HostOutcome outcome = once(task, host, vars, null, raw);
            events.report(task, host, outcome, null, false, started);
            return outcome;
        } catch (UnreachableException e) {
            HostOutcome outcome = new HostOutcome(Status.UNREACHABLE, e.getMessage(), Map.of("unreachable", true, "msg", e.getMessage()), Map.of());
            events.report(task, host, outcome, null, false, started);
            return outcome;
        } catch (RuntimeException e) {
            String message = e instanceof MusterException known ? known.describe()
                    : task.location() + ": task '" + task.displayName() + "': " + (e.getMessage() == null ? e.toString() : e.getMessage());
            HostOutcome outcome = ResultInterpreter.failed(task, message);
            results.keep(task, host, outcome); // a failed result is registered too, as Ansible does (for rescue and ignore_errors)
            events.report(task, host, outcome, null, false, started);
            return outcome;
        }
    }

    /** Reports an outcome reached without running the task (a meta task skipped). */
    void report(Task task, HostState host, HostOutcome outcome) {
        events.report(task, host, outcome, null, false, System.nanoTime());
    }

    /** Whether every when: condition of {@code task} holds on {@code host} (for meta tasks, which run no module). */
    boolean conditionsHold(Task task, HostState host, PlayRun run) {
        LazyVars vars = varsAssembler.lazy(varsAssembler.raw(host, run, task.scope()));
        return TaskLookups.with(lookups(task, vars),
                () -> task.when().stream().allMatch(c -> Templates.test(templating, c.text(), vars, c.location(), task.displayName())));
    }

    /** One execution of the task (one loop item, or the task without a loop): when:, then attempts until until: holds. */
    private HostOutcome once(Task task, HostState host, LazyVars vars, Object item, Map<String, Object> raw) {
        return item == null ? onceBound(task, host, vars, null, raw)
                : TaskLookups.with(lookups(task, vars), () -> onceBound(task, host, vars, item, raw));
    }

    private HostOutcome onceBound(Task task, HostState host, LazyVars vars, Object item, Map<String, Object> raw) {
        for (Condition condition : task.when()) {
            if (!Templates.test(templating, condition.text(), vars, condition.location(), task.displayName())) {
                HostOutcome skipped = new HostOutcome(Status.SKIPPED, "Conditional result was False: " + condition.text(),
                        Map.of("changed", false, "skipped", true, "skip_reason", "Conditional result was False"), Map.of());
                if (item == null) {
                    results.keep(task, host, skipped);
                }
                return skipped;
            }
        }
        Module module = modules.find(task.module()).orElseThrow(() -> new MusterException(task.location(), "unknown module " + task.module()));
        int attempts = Math.max(1, task.until().isEmpty() ? 1 : task.retries() + 1);
        HostOutcome outcome = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            outcome = attempt(task, module, host, vars, raw);
            if (task.until().isEmpty() || outcome.status() == Status.UNREACHABLE || interruption.requested()) {
                break;
            }
            if (results.untilHolds(task, raw, withAttempts(outcome, attempt).registered())) {
                outcome = withAttempts(outcome, attempt);
                break;
            }
            if (attempt == attempts) {
                outcome = ResultInterpreter.failed(task, "retries exhausted (" + task.retries() + ") waiting for: "
                        + task.until().stream().map(Condition::text).toList());
                break;
            }
            bus.publish(new Event.Verbose(host.name, 0, "FAILED - RETRYING: " + task.displayName() + " (" + (attempts - attempt) + " retries left)"));
            sleep(task.delay());
        }
        outcome = inventoryChanges.apply(host, outcome, item == null);
        if (item == null) {
            results.keep(task, host, outcome);
        }
        return outcome;
    }

    /** The module's plan from the templated arguments, carried out here (a local action) or on the target. */
    private HostOutcome attempt(Task task, Module module, HostState host, LazyVars vars, Map<String, Object> raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> templated = (Map<String, Object>) Templates.withoutOmitted(
                Templates.deep(templating, task.args(), vars, task.location(), task.displayName()));
        Args args;
        try {
            args = module.spec().bind(templated);
        } catch (RuntimeException e) {
            throw new MusterException(task.location(), "task '" + task.displayName() + "': " + e.getMessage(), Failure.HOST_FAILED, null);
        }
        boolean check = task.scope().checkMode() != null ? task.scope().checkMode() : options.check();
        TaskContext.Resources resources = new TaskContext.Resources() {
            @Override
            public byte[] read(String kind, String src) {
                return TaskFiles.readResource(kind, src, task.scope(), playbookDir);
            }

            @Override
            public Path find(String kind, String src) {
                return TaskFiles.findResource(kind, src, task.scope(), playbookDir, java.nio.file.Files::exists);
            }

            @Override
            public Path varsPath(String name, boolean directory) {
                return TaskFiles.findVars(name, directory, task.scope(), playbookDir, task.location());
            }
        };
        boolean diff = task.scope().diff() != null ? task.scope().diff() : options.diff();
        // the lookups run()/once() bound for this task and these variables: built once per task, not per attempt
        LookupEnvironment lookups = TaskLookups.current();
        TaskContext context = new TaskContext(host.name, vars, host.facts, check, diff, resources, TemplateFiles.renderer(lookups));
        Action action = module.plan(args, context);
        TaskResult result = action instanceof RemoteAction remoteAction
                ? remote.execute(task, host, vars, remoteAction)
                : ((LocalAction) action).result().get();
        return results.interpret(task, raw, result);
    }

    /** The result with until's count of attempts, as Ansible registers it ({@code r.attempts}). */
    private static HostOutcome withAttempts(HostOutcome outcome, int attempt) {
        Map<String, Object> registered = new java.util.LinkedHashMap<>(outcome.registered());
        registered.put("attempts", attempt);
        return new HostOutcome(outcome.status(), outcome.message(), registered, outcome.facts());
    }

    /** What lookup() sees in this task: its variables, its files in Ansible's search order, the loop lookups. */
    private LookupEnvironment lookups(Task task, Map<String, Object> vars) {
        return LookupEnvironment.builder(vars).baseDir(playbookDir).unsafe(UnsafeText::mark)
                .files((kind, name) -> TaskFiles.resourceCandidates(kind, name, task.scope(), playbookDir))
                .loops((name, terms) -> LoopLookups.items(name, terms, new LoopLookups.FileSearch(task.scope(), playbookDir, "files"), task.location(), task.displayName()))
                .templates(TemplateFiles::renderForLookup).build();
    }

    private static void sleep(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MusterException(null, "interrupted", Failure.CANCELLED, null);
        }
    }
}
