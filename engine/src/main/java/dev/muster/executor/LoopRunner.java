package dev.muster.executor;

import dev.muster.connection.UnreachableException;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.playbook.Task;
import dev.muster.report.Status;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import dev.muster.vars.LazyVars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task with {@code loop:} on one host: item after item with the loop variable and {@code ansible_loop} set, an
 * event per item, then the summary Ansible registers ({@code results}, {@code changed}, {@code failed}). A failed
 * item does not stop the loop; an unreachable host does.
 */
final class LoopRunner {

    /** One run of the task with {@code item} (conditions, retries, the module), as {@link TaskRunner} does it. */
    interface Item {
        HostOutcome run(Task task, HostState host, LazyVars vars, Object item, Map<String, Object> raw);
    }

    private final Templating templating;
    private final VarsAssembler varsAssembler;
    private final ResultInterpreter results;
    private final TaskEvents events;
    private final Interruption interruption;
    private final Item item;

    LoopRunner(Templating templating, VarsAssembler varsAssembler, ResultInterpreter results, TaskEvents events,
               Interruption interruption, Item item) {
        this.templating = templating;
        this.varsAssembler = varsAssembler;
        this.results = results;
        this.events = events;
        this.interruption = interruption;
        this.item = item;
    }

    HostOutcome run(Task task, HostState host, LazyVars vars, Map<String, Object> raw, long started) {
        Object templated = Templates.deep(templating, task.loop(), vars, task.location(), task.displayName());
        List<Object> items = items(templated, task.flattenLoop(), task);
        List<Object> itemResults = new ArrayList<>();
        Map<String, Object> facts = new LinkedHashMap<>();
        boolean anyChanged = false;
        boolean anyFailed = false;
        boolean allSkipped = true;
        int index = 0;
        for (Object each : items) {
            if (interruption.requested()) {
                break; // Ctrl-C: the item running has ended; no new one starts
            }
            long itemStarted = System.nanoTime();
            Map<String, Object> itemRaw = new HashMap<>(raw);
            itemRaw.put(task.loopVar(), each);
            itemRaw.put("ansible_loop", Map.of("index", index + 1, "index0", index, "first", index == 0, "last", index == items.size() - 1,
                    "length", items.size()));
            index++;
            LazyVars itemVars = varsAssembler.lazy(itemRaw);
            String label = label(task, each, itemVars);
            HostOutcome outcome;
            try {
                outcome = item.run(task, host, itemVars, each, itemRaw);
            } catch (UnreachableException e) {
                throw e;
            } catch (RuntimeException e) {
                String message = e instanceof MusterException known ? known.describe() : task.location() + ": " + e.getMessage();
                outcome = ResultInterpreter.failed(task, message);
            }
            events.report(task, host, outcome, label, false, itemStarted);
            Map<String, Object> entry = new LinkedHashMap<>(outcome.registered());
            entry.put(task.loopVar(), each);
            entry.put("ansible_loop_var", task.loopVar());
            itemResults.add(entry);
            facts.putAll(outcome.facts());
            anyChanged |= outcome.status() == Status.CHANGED;
            anyFailed |= outcome.status() == Status.FAILED || outcome.status() == Status.IGNORED;
            allSkipped &= outcome.status() == Status.SKIPPED;
        }
        Status status = anyFailed ? (task.ignoreErrors() ? Status.IGNORED : Status.FAILED)
                : allSkipped && !items.isEmpty() ? Status.SKIPPED : anyChanged ? Status.CHANGED : Status.OK;
        Map<String, Object> registered = new LinkedHashMap<>();
        registered.put("results", itemResults);
        registered.put("changed", anyChanged);
        registered.put("failed", anyFailed);
        registered.put("skipped", status == Status.SKIPPED);
        registered.put("msg", anyFailed ? "one or more items failed" : "all items completed");
        HostOutcome summary = new HostOutcome(status, String.valueOf(registered.get("msg")), registered, facts);
        results.keep(task, host, summary);
        events.report(task, host, summary, null, true, started);
        return summary;
    }

    private static List<Object> items(Object value, boolean flatten, Task task) {
        if (!(value instanceof List<?> list)) {
            throw new MusterException(task.location(), "task '" + task.displayName() + "': loop needs a list, got " + value,
                    Failure.HOST_FAILED, null);
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
}
