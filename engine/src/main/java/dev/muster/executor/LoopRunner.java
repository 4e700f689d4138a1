package dev.muster.executor;

import dev.muster.connection.UnreachableException;
import dev.muster.error.MusterException;
import dev.muster.playbook.Task;
import dev.muster.report.Status;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import dev.muster.vars.LazyVars;
import java.nio.file.Path;
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

    static final String NO_ITEMS = "No items in the list";

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
    private final Path playbookDir;

    LoopRunner(Templating templating, VarsAssembler varsAssembler, ResultInterpreter results, TaskEvents events,
               Interruption interruption, Item item, Path playbookDir) {
        this.playbookDir = playbookDir;
        this.templating = templating;
        this.varsAssembler = varsAssembler;
        this.results = results;
        this.events = events;
        this.interruption = interruption;
        this.item = item;
    }

    HostOutcome run(Task task, HostState host, LazyVars vars, Map<String, Object> raw, long started) {
        Object templated = Templates.deep(templating, task.loop(), vars, task.location(), task.displayName());
        List<Object> items = LoopLookups.items(task.loopLookup(), templated, LoopLookups.FileSearch.of(task, playbookDir),
                task.location(), task.displayName());
        if (items.isEmpty()) {
            // ansible-core: no item, no run (not even when:): skipped, "No items in the list", and counted as skipped
            Map<String, Object> registered = new LinkedHashMap<>();
            registered.put("results", List.of());
            registered.put("skipped", true);
            registered.put("skipped_reason", NO_ITEMS);
            registered.put("changed", false);
            HostOutcome none = new HostOutcome(Status.SKIPPED, NO_ITEMS, registered, Map.of());
            results.keep(task, host, none);
            events.report(task, host, none, null, false, started);
            return none;
        }
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
            Map<String, Object> loop = loopVars(items, index, task.looping().extended());
            itemRaw.put("ansible_loop", loop);
            if (task.looping().indexVar() != null) {
                itemRaw.put(task.looping().indexVar(), index);
                itemRaw.put("ansible_index_var", task.looping().indexVar());
            }
            itemRaw.put("ansible_loop_var", task.loopVar());
            int itemIndex = index++;
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
            // Ansible reports an item that failed under ignore_errors as failed; the loop as a whole is ignored
            HostOutcome shown = outcome.status() != Status.IGNORED ? outcome
                    : new HostOutcome(Status.FAILED, outcome.message(), outcome.registered(), outcome.facts());
            events.report(task, host, shown, label, false, itemStarted);
            Map<String, Object> entry = new LinkedHashMap<>(outcome.registered());
            entry.put(task.loopVar(), each);
            entry.put("ansible_loop_var", task.loopVar());
            if (task.looping().indexVar() != null) {
                entry.put(task.looping().indexVar(), itemIndex);
                entry.put("ansible_index_var", task.looping().indexVar());
            }
            if (task.looping().extended()) {
                entry.put("ansible_loop", loop);
            }
            itemResults.add(entry);
            facts.putAll(outcome.facts());
            anyChanged |= outcome.status() == Status.CHANGED;
            anyFailed |= outcome.status() == Status.FAILED || outcome.status() == Status.IGNORED;
            allSkipped &= outcome.status() == Status.SKIPPED;
        }
        Status status = anyFailed ? (task.ignoreErrors() ? Status.IGNORED : Status.FAILED)
                : allSkipped ? Status.SKIPPED : anyChanged ? Status.CHANGED : Status.OK;
        Map<String, Object> registered = new LinkedHashMap<>();
        registered.put("results", itemResults);
        registered.put("changed", anyChanged);
        registered.put("failed", anyFailed);
        registered.put("skipped", status == Status.SKIPPED);
        // ansible-core's words (TaskExecutor.run)
        registered.put("msg", anyFailed ? "One or more items failed" : allSkipped ? "All items skipped" : "All items completed");
        HostOutcome summary = new HostOutcome(status, String.valueOf(registered.get("msg")), registered, facts);
        results.keep(task, host, summary);
        events.report(task, host, summary, null, true, started);
        return summary;
    }

    /**
     * {@code ansible_loop} for the item at {@code index}: Ansible sets it only under {@code loop_control.extended};
     * we always set its first five keys (our roles read {@code ansible_loop.first}), and the rest when extended.
     */
    static Map<String, Object> loopVars(List<Object> items, int index, boolean extended) {
        Map<String, Object> loop = new LinkedHashMap<>();
        loop.put("index", index + 1);
        loop.put("index0", index);
        loop.put("first", index == 0);
        loop.put("last", index == items.size() - 1);
        loop.put("length", items.size());
        if (extended) {
            loop.put("revindex", items.size() - index);
            loop.put("revindex0", items.size() - index - 1);
            loop.put("allitems", items);
            if (index + 1 < items.size()) {
                loop.put("nextitem", items.get(index + 1));
            }
            if (index > 0) {
                loop.put("previtem", items.get(index - 1));
            }
        }
        return loop;
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
