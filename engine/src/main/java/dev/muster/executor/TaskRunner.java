package dev.muster.executor;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.UnreachableException;
import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.module.Action;
import dev.muster.module.Args;
import dev.muster.connection.ExecResult;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.playbook.Condition;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Masker;
import dev.muster.report.Status;
import dev.muster.report.UnifiedDiff;
import dev.muster.shell.Shell;
import dev.muster.vars.LazyVars;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one task on one host: conditions, loop, templating, the module's plan, the round trip,
 * retries, changed_when/failed_when, register and set_fact, and the events that report it.
 */
final class TaskRunner {

    static final String CENSORED = "the output has been hidden because 'no_log: true' was specified for this result";

    private final ModuleCatalog modules;
    private final Templating templating;
    private final ConnectionFactory connections;
    private final HostSessions sessions;
    private final VarsAssembler varsAssembler;
    private final Function<String, HostState> hosts;
    private final EventBus bus;
    private final Masker masker;
    private final RunOptions options;
    private final Path playbookDir;
    private final java.util.function.BooleanSupplier interrupted;

    TaskRunner(ModuleCatalog modules, Templating templating, ConnectionFactory connections, HostSessions sessions,
               VarsAssembler varsAssembler, Function<String, HostState> hosts, EventBus bus, RunOptions options, Path playbookDir,
               java.util.function.BooleanSupplier interrupted) {
        this.sessions = sessions;
        this.interrupted = interrupted;
        this.modules = modules;
        this.templating = templating;
        this.connections = connections;
        this.varsAssembler = varsAssembler;
        this.hosts = hosts;
        this.bus = bus;
        this.masker = bus.masker();
        this.options = options;
        this.playbookDir = playbookDir;
    }

    HostOutcome run(Task task, HostState host, PlayRun run) {
        long started = System.nanoTime();
        String taskName = task.displayName();
        Map<String, Object> raw = varsAssembler.raw(host, run, task.scope());
        LazyVars vars = varsAssembler.lazy(raw);
        masker.learn(raw);
        try {
            HostOutcome outcome = task.loop() == null ? single(task, host, vars, null, raw) : loop(task, host, vars, raw, started);
            if (task.loop() == null) {
                report(task, host, outcome, null, false, started);
            }
            return outcome;
        } catch (UnreachableException e) {
            HostOutcome outcome = new HostOutcome(Status.UNREACHABLE, e.getMessage(), Map.of("unreachable", true, "msg", e.getMessage()), Map.of());
            report(task, host, outcome, null, false, started);
            return outcome;
        } catch (RuntimeException e) {
            String message = e instanceof MusterException known ? known.describe()
                    : task.location() + ": task '" + taskName + "': " + (e.getMessage() == null ? e.toString() : e.getMessage());
            HostOutcome outcome = failedOutcome(task, message);
            store(task, host, outcome); // a failed result is registered too, as Ansible does (for rescue and ignore_errors)
            report(task, host, outcome, null, false, started);
            return outcome;
        }
    }

    private HostOutcome failedOutcome(Task task, String message) {
        Status status = task.ignoreErrors() ? Status.IGNORED : Status.FAILED;
        return new HostOutcome(status, message, Map.of("failed", true, "changed", false, "msg", message), Map.of());
    }

    private HostOutcome loop(Task task, HostState host, LazyVars vars, Map<String, Object> raw, long started) {
        Object templated = Templates.deep(templating, task.loop(), vars, task.location(), task.displayName());
        List<Object> items = items(templated, task.flattenLoop(), task);
        List<Object> results = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        boolean anyChanged = false;
        boolean anyFailed = false;
        boolean allSkipped = true;
        int index = 0;
        for (Object item : items) {
            if (interrupted.getAsBoolean()) {
                break; // Ctrl-C: the item running has ended; no new one starts
            }
            long itemStarted = System.nanoTime();
            Map<String, Object> itemRaw = new HashMap<>(raw);
            itemRaw.put(task.loopVar(), item);
            itemRaw.put("ansible_loop", Map.of("index", index + 1, "index0", index, "first", index == 0, "last", index == items.size() - 1,
                    "length", items.size()));
            index++;
            LazyVars itemVars = varsAssembler.lazy(itemRaw);
            String label = label(task, item, itemVars);
            HostOutcome outcome;
            try {
                outcome = single(task, host, itemVars, item, itemRaw);
            } catch (UnreachableException e) {
                throw e;
            } catch (RuntimeException e) {
                String message = e instanceof MusterException known ? known.describe() : task.location() + ": " + e.getMessage();
                outcome = failedOutcome(task, message);
            }
            report(task, host, outcome, label, false, itemStarted);
            Map<String, Object> entry = new LinkedHashMap<>(outcome.registered());
            entry.put(task.loopVar(), item);
            entry.put("ansible_loop_var", task.loopVar());
            results.add(entry);
            facts.putAll(outcome.facts());
            anyChanged |= outcome.status() == Status.CHANGED;
            anyFailed |= outcome.status() == Status.FAILED || outcome.status() == Status.IGNORED;
            allSkipped &= outcome.status() == Status.SKIPPED;
        }
        Status status = anyFailed ? (task.ignoreErrors() ? Status.IGNORED : Status.FAILED)
                : allSkipped && !items.isEmpty() ? Status.SKIPPED : anyChanged ? Status.CHANGED : Status.OK;
        Map<String, Object> registered = new LinkedHashMap<>();
        registered.put("results", results);
        registered.put("changed", anyChanged);
        registered.put("failed", anyFailed);
        registered.put("skipped", status == Status.SKIPPED);
        registered.put("msg", anyFailed ? "one or more items failed" : "all items completed");
        HostOutcome summary = new HostOutcome(status, String.valueOf(registered.get("msg")), registered, facts);
        store(task, host, summary);
        report(task, host, summary, null, true, started);
        return summary;
    }

    private static List<Object> items(Object value, boolean flatten, Task task) {
        if (!(value instanceof List<?> list)) {
            throw new MusterException(task.location(), "task '" + task.displayName() + "': loop needs a list, got " + value,
                    dev.muster.error.Failure.HOST_FAILED, null);
        }
        List<Object> items = new ArrayList<>();
        for (Object item : list) {
            if (flatten && item instanceof List<?> inner) {
                items.addAll(inner);
            } else {
                items.add(item);
            }
        }
        return items;
    }

    private String label(Task task, Object item, LazyVars vars) {
        if (task.noLog()) {
            return "(censored due to no_log)";
        }
        if (task.loopLabel() != null) {
            return String.valueOf(Templates.deep(templating, task.loopLabel(), vars, task.location(), task.displayName()));
        }
        return String.valueOf(item);
    }

    /** One execution of the task (one loop item, or the task without a loop). */
    private HostOutcome single(Task task, HostState host, LazyVars vars, Object item, Map<String, Object> raw) {
        for (Condition condition : task.when()) {
            if (!Templates.test(templating, condition.text(), vars, condition.location(), task.displayName())) {
                HostOutcome skipped = new HostOutcome(Status.SKIPPED, "Conditional result was False: " + condition.text(),
                        Map.of("changed", false, "skipped", true, "skip_reason", "Conditional result was False"), Map.of());
                if (item == null) {
                    store(task, host, skipped);
                }
                return skipped;
            }
        }
        Module module = modules.find(task.module()).orElseThrow(() -> new MusterException(task.location(), "unknown module " + task.module()));
        int attempts = Math.max(1, task.until().isEmpty() ? 1 : task.retries() + 1);
        HostOutcome outcome = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            outcome = attempt(task, module, host, vars, raw);
            if (task.until().isEmpty() || outcome.status() == Status.UNREACHABLE || interrupted.getAsBoolean()) {
                break;
            }
            LazyVars withResult = withRegistered(task, raw, outcome.registered());
            boolean done = task.until().stream().allMatch(c -> Templates.test(templating, c.text(), withResult, c.location(), task.displayName()));
            if (done) {
                break;
            }
            if (attempt == attempts) {
                outcome = failedOutcome(task, "retries exhausted (" + task.retries() + ") waiting for: "
                        + task.until().stream().map(Condition::text).toList());
                break;
            }
            bus.publish(new Event.Verbose(host.name, 0, "FAILED - RETRYING: " + task.displayName() + " (" + (attempts - attempt) + " retries left)"));
            sleep(task.delay());
        }
        if (item == null) {
            store(task, host, outcome);
        }
        return outcome;
    }

    private HostOutcome attempt(Task task, Module module, HostState host, LazyVars vars, Map<String, Object> raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> templated = (Map<String, Object>) Templates.deep(templating, task.args(), vars, task.location(), task.displayName());
        Args args;
        try {
            args = module.spec().bind(templated);
        } catch (RuntimeException e) {
            throw new MusterException(task.location(), "task '" + task.displayName() + "': " + e.getMessage(), dev.muster.error.Failure.HOST_FAILED, null);
        }
        boolean check = task.scope().checkMode() != null ? task.scope().checkMode() : options.check();
        TaskContext context = new TaskContext(host.name, vars, host.facts, check, options.diff(), resources(task), templating.fileRenderer());
        Action action = module.plan(args, context);
        TaskResult result;
        if (action instanceof RemoteAction remote) {
            result = execute(task, host, vars, remote);
        } else {
            result = ((LocalAction) action).result().get();
        }
        return interpret(task, host, raw, result);
    }

    private TaskResult execute(Task task, HostState host, LazyVars vars, RemoteAction action) {
        String target = host.name;
        if (task.scope().delegateTo() != null) {
            target = String.valueOf(Templates.deep(templating, task.scope().delegateTo(), vars, task.location(), task.displayName()));
        }
        Map<String, Object> connectionVars = connectionVars(target);
        Connection connection = connections.connect(target, connectionVars);
        Become become = null;
        if (task.become()) {
            String user = task.scope().becomeUser() != null
                    ? String.valueOf(Templates.deep(templating, task.scope().becomeUser(), vars, task.location(), task.displayName())) : "root";
            become = new Become(user, becomePassword(connectionVars));
        }
        String environment = environment(task, vars);
        if (task.noLog() || !bus.wants(3)) {
            ExecResult quiet = run(target, connection, environment, action, become);
            if (task.noLog()) {
                bus.publish(new Event.Verbose(host.name, 3, "script and output of " + task.displayName() + " hidden (no_log)"));
            }
            return action.interpret().apply(quiet);
        }
        bus.publish(new Event.Verbose(host.name, 3, "script for " + task.displayName() + (target.equals(host.name) ? "" : " on " + target)
                + (become == null ? "" : " as " + become.user()) + ":\n" + environment + action.script()));
        ExecResult exec = run(target, connection, environment, action, become);
        bus.publish(new Event.Verbose(host.name, 3, "rc=" + exec.exitCode() + " in " + exec.elapsed().toMillis() + " ms"
                + (exec.stdout().isEmpty() ? "" : "\nstdout: " + exec.stdout()) + (exec.stderr().isEmpty() ? "" : "\nstderr: " + exec.stderr())));
        return action.interpret().apply(exec);
    }

    /**
     * Runs the action's script in the target's shell session where it can (see {@link HostSessions}), else as a
     * command of its own with its input on stdin (large or binary content, or --no-sessions).
     */
    private ExecResult run(String target, Connection connection, String environment, RemoteAction action, Become become) {
        String taskPart = options.sessions() ? HostSessions.taskPart(action) : null;
        if (taskPart != null) {
            return sessions.run(target, connection, become, environment, taskPart, action.stdin(), options.commandTimeout());
        }
        return connection.exec(environment + action.script(), action.stdin(), become, options.commandTimeout());
    }

    String becomePassword(Map<String, Object> hostVars) {
        if (options.becomePassword() != null) {
            return options.becomePassword();
        }
        Object password = hostVars.getOrDefault("ansible_become_password", hostVars.get("ansible_become_pass"));
        return password == null ? null : String.valueOf(password);
    }

    /** The target's inventory variables, templated where they can be, as the connection factory needs them. */
    Map<String, Object> connectionVars(String target) {
        HostState state = hosts.apply(target);
        Map<String, Object> raw = new HashMap<>(state.inventoryVars);
        raw.putAll(options.extraVars());
        raw.put("inventory_hostname", target);
        LazyVars lazy = varsAssembler.lazy(raw);
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (String key : raw.keySet()) {
            try {
                resolved.put(key, lazy.get(key));
            } catch (RuntimeException e) {
                resolved.put(key, raw.get(key));
            }
        }
        if (!resolved.containsKey("ansible_connection") && (target.equals("localhost") || target.equals("127.0.0.1"))
                && state.inventoryVars.isEmpty()) {
            resolved.put("ansible_connection", "local");
        }
        return resolved;
    }

    /** {@code environment:} as exports before the module's script; values are quoted, never interpreted. */
    private String environment(Task task, LazyVars vars) {
        if (task.scope().environment().isEmpty()) {
            return "";
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) Templates.deep(templating, task.scope().environment(), vars, task.location(), task.displayName());
        StringBuilder exports = new StringBuilder();
        env.forEach((name, value) -> {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new MusterException(task.location(), "environment variable name '" + name + "' is not valid",
                        dev.muster.error.Failure.HOST_FAILED, null);
            }
            exports.append(name).append('=').append(Shell.quote(value == null ? "" : String.valueOf(value)))
                    .append("; export ").append(name).append('\n');
        });
        return exports.toString();
    }

    /** changed_when and failed_when, with the registered result visible under its register name. */
    private HostOutcome interpret(Task task, HostState host, Map<String, Object> raw, TaskResult result) {
        Map<String, Object> registered = new LinkedHashMap<>(result.data());
        boolean changed = result.changed();
        boolean failed = result.failed();
        registered.put("changed", changed);
        registered.put("failed", failed);
        if (!result.message().isEmpty()) {
            registered.putIfAbsent("msg", result.message());
        }
        if (!task.changedWhen().isEmpty() || !task.failedWhen().isEmpty()) {
            LazyVars withResult = withRegistered(task, raw, registered);
            if (!task.changedWhen().isEmpty() && !failed) {
                changed = task.changedWhen().stream().allMatch(c -> Templates.test(templating, c.text(), withResult, c.location(), task.displayName()));
            }
            if (!task.failedWhen().isEmpty()) {
                failed = task.failedWhen().stream().anyMatch(c -> Templates.test(templating, c.text(), withResult, c.location(), task.displayName()));
            }
            registered.put("changed", changed);
            registered.put("failed", failed);
        }
        Status status = failed ? (task.ignoreErrors() ? Status.IGNORED : Status.FAILED)
                : result.status() == TaskResult.Status.SKIPPED ? Status.SKIPPED : changed ? Status.CHANGED : Status.OK;
        String message = result.message();
        if (failed && message.isEmpty()) {
            message = "failed";
        }
        if (failed) {
            message = task.location() + ": " + message;
        }
        if (result.diff() != null && options.diff()) {
            String diff = UnifiedDiff.of(result.diff().path(), result.diff().before(), result.diff().after());
            registered.put("_diff", diff);
        }
        return new HostOutcome(status, message, registered, result.facts());
    }

    private LazyVars withRegistered(Task task, Map<String, Object> raw, Map<String, Object> registered) {
        Map<String, Object> layered = new HashMap<>(raw);
        layered.put(task.register() != null ? task.register() : "result", registered);
        return varsAssembler.lazy(layered);
    }

    /** register and set_fact: they stay with the host (set_fact values are learnt by the masker if secret-named). */
    private void store(Task task, HostState host, HostOutcome outcome) {
        if (outcome.status() == Status.UNREACHABLE) {
            return;
        }
        if (task.register() != null) {
            Map<String, Object> registered = new LinkedHashMap<>(outcome.registered());
            registered.remove("_diff");
            host.hostVars.put(task.register(), registered);
            masker.learn(task.register(), registered);
        }
        outcome.facts().forEach((name, value) -> {
            host.hostVars.put(name, value);
            masker.learn(name, value);
        });
    }

    private void report(Task task, HostState host, HostOutcome outcome, String item, boolean loopSummary, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        Map<String, Object> data = new LinkedHashMap<>(outcome.registered());
        Object diff = data.remove("_diff");
        String message = outcome.message();
        if (task.noLog()) {
            data = Map.of("censored", CENSORED);
            diff = null;
            message = outcome.status() == Status.SKIPPED ? message : CENSORED;
        }
        if (loopSummary) {
            data.remove("results");
        }
        bus.publish(new Event.HostResult(task.displayName(), task.module(), host.name, outcome.status(), message, item, loopSummary,
                data, diff == null ? null : String.valueOf(diff), millis));
    }

    private TaskContext.Resources resources(Task task) {
        return (kind, src) -> {
            List<Path> candidates = new ArrayList<>();
            Path given = Path.of(src);
            if (given.isAbsolute()) {
                candidates.add(given);
            } else {
                if (task.scope().role() != null) {
                    Path roleDir = task.scope().role().dir();
                    candidates.add(roleDir.resolve(kind).resolve(src));
                    candidates.add(roleDir.resolve(src));
                }
                candidates.add(playbookDir.resolve(kind).resolve(src));
                candidates.add(playbookDir.resolve(src));
            }
            for (Path candidate : candidates) {
                if (Files.isRegularFile(candidate)) {
                    try {
                        return Files.readAllBytes(candidate);
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException("cannot read " + candidate + ": " + e.getMessage());
                    }
                }
            }
            throw new IllegalArgumentException("'" + src + "' not found (looked in " + candidates + ")");
        };
    }

    private static void sleep(int seconds) {
        try {
            Thread.sleep(seconds * 1000L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MusterException(null, "interrupted", dev.muster.error.Failure.CANCELLED, null);
        }
    }
}
