package dev.muster.executor;

import dev.muster.error.MusterException;
import dev.muster.module.TaskResult;
import dev.muster.playbook.Condition;
import dev.muster.playbook.Task;
import dev.muster.report.Masker;
import dev.muster.report.Status;
import dev.muster.report.UnifiedDiff;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import dev.muster.template.UnsafeText;
import dev.muster.vars.LazyVars;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a module's result means for the task: changed_when and failed_when (with the result visible under its
 * register name), ignore_errors, until, and what the host keeps of it (register, set_fact).
 */
final class ResultInterpreter {

    private final Templating templating;
    private final VarsAssembler varsAssembler;
    private final Masker masker;
    private final boolean diff;

    ResultInterpreter(Templating templating, VarsAssembler varsAssembler, Masker masker, boolean diff) {
        this.templating = templating;
        this.varsAssembler = varsAssembler;
        this.masker = masker;
        this.diff = diff;
    }

    /** A failure of {@code task} (ignored with ignore_errors), as a result is registered for it. */
    static HostOutcome failed(Task task, String message) {
        Status status = task.ignoreErrors() ? Status.IGNORED : Status.FAILED;
        return new HostOutcome(status, message, Map.of("failed", true, "changed", false, "msg", message), Map.of());
    }

    /** The task's outcome from the module's result, after changed_when and failed_when. */
    HostOutcome interpret(Task task, Map<String, Object> raw, TaskResult result) {
        // a registered result is Ansible's unsafe: its text (a command's output holding {{ }}) is never templated again
        @SuppressWarnings("unchecked")
        Map<String, Object> registered = (Map<String, Object>) UnsafeText.markAll(result.data());
        boolean changed = result.changed();
        boolean failed = result.failed();
        registered.put("changed", changed);
        registered.put("failed", failed);
        if (!result.message().isEmpty()) {
            registered.putIfAbsent("msg", result.message());
        }
        if ((!task.changedWhen().isEmpty() || !task.failedWhen().isEmpty()) && result.status() != TaskResult.Status.SKIPPED) {
            // as ansible-core's TaskExecutor: changed_when first (on a failed result too), then failed_when seeing the
            // changed it gave; failed_when's verdict is registered as failed_when_result, and a condition that cannot be
            // evaluated fails the task with the error as <kind>_when_result, the module's result kept
            Condition current = null;
            String kind = "changed";
            try {
                for (Condition c : task.changedWhen()) {
                    current = c;
                    changed = Templates.test(templating, c.text(), withRegistered(task, raw, registered), c.location(), task.displayName());
                    if (!changed) {
                        break;
                    }
                }
                registered.put("changed", changed);
                kind = "failed";
                if (!task.failedWhen().isEmpty()) {
                    LazyVars withResult = withRegistered(task, raw, registered);
                    failed = false;
                    for (Condition c : task.failedWhen()) {
                        current = c;
                        if (Templates.test(templating, c.text(), withResult, c.location(), task.displayName())) {
                            failed = true;
                            break;
                        }
                    }
                    registered.put("failed_when_result", failed);
                }
            } catch (RuntimeException e) {
                failed = true;
                String text = current == null ? "" : current.text();
                registered.put(kind + "_when_result", "The conditional check '" + text + "' failed. The error was: error while evaluating conditional ("
                        + text + "): " + (e instanceof MusterException known ? known.getMessage() : String.valueOf(e.getMessage())));
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
        if (result.diff() != null && (task.scope().diff() != null ? task.scope().diff() : diff)) {
            registered.put("_diff", UnifiedDiff.of(result.diff().path(), result.diff().before(), result.diff().after()));
        }
        return new HostOutcome(status, message, registered, result.facts());
    }

    /** Whether every until: condition holds for {@code registered}, the result of the last attempt. */
    boolean untilHolds(Task task, Map<String, Object> raw, Map<String, Object> registered) {
        LazyVars withResult = withRegistered(task, raw, registered);
        return task.until().stream().allMatch(c -> Templates.test(templating, c.text(), withResult, c.location(), task.displayName()));
    }

    private LazyVars withRegistered(Task task, Map<String, Object> raw, Map<String, Object> registered) {
        Map<String, Object> layered = new HashMap<>(raw);
        layered.put(task.register() != null ? task.register() : "result", registered);
        return varsAssembler.lazy(layered);
    }

    /** register and set_fact: they stay with the host (set_fact values are learnt by the masker if secret-named). */
    void keep(Task task, HostState host, HostOutcome outcome) {
        if (outcome.status() == Status.UNREACHABLE) {
            return;
        }
        if (task.register() != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> registered = (Map<String, Object>) UnsafeText.markAll(outcome.registered());
            registered.remove("_diff");
            host.hostVars.put(task.register(), registered);
            masker.learn(task.register(), registered);
        }
        Map<String, Object> layer = host.layerFor(task);
        outcome.facts().forEach((name, value) -> {
            layer.put(name, value);
            masker.learn(name, value);
        });
    }
}
