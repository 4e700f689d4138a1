package dev.muster.executor;

import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.util.List;
import java.util.Map;

/**
 * The linear strategy: a task runs on every active host of the batch (up to {@code forks} at once) and every host
 * has finished it before the next task starts; handlers run once per notified host, in the order they were defined.
 */
final class LinearStrategy {

    private final TagFilter tags;
    private final TaskRunner taskRunner;
    private final ForkPool forks;
    private final HostAccounting accounting;
    private final EventBus bus;
    private final Interruption interruption;

    LinearStrategy(TagFilter tags, TaskRunner taskRunner, ForkPool forks, HostAccounting accounting, EventBus bus,
                   Interruption interruption) {
        this.tags = tags;
        this.taskRunner = taskRunner;
        this.forks = forks;
        this.accounting = accounting;
        this.bus = bus;
        this.interruption = interruption;
    }

    /** Runs {@code task} on {@code active} (its first host only with run_once) and counts the results. */
    void runTask(Task task, List<HostState> active, PlayRun run) {
        run(task, active, run, "task");
    }

    private void run(Task task, List<HostState> active, PlayRun run, String kind) {
        if (!kind.equals("handler") && !tags.runs(task.tags())) {
            return;
        }
        if (task.module().equals("meta")) {
            meta(task, active, run);
            return;
        }
        // add_host runs once for the batch, on its first host, as ansible-core's BYPASS_HOST_LOOP (nothing is shared)
        List<HostState> targets = task.runOnce() || InventoryChanges.runsOnce(task.module()) ? List.of(active.get(0)) : active;
        bus.publish(new Event.TaskStarted(task.displayName(), kind, String.valueOf(task.location()), names(targets)));
        Map<HostState, HostOutcome> outcomes = forks.onEach(task.displayName(), targets, host -> taskRunner.run(task, host, run));
        if (task.runOnce() && !outcomes.isEmpty()) {
            shareRunOnce(task, targets.get(0), active, outcomes);
        }
        outcomes.forEach((host, outcome) -> accounting.account(task, host, outcome, run));
        accounting.checkFatal(run);
    }

    /**
     * meta: flush_handlers, noop, and the ends, as ansible-core's linear strategy runs them: end_host for each host
     * whose conditions hold; end_batch and end_play once, when the conditions hold for the first host, for every host.
     */
    private void meta(Task task, List<HostState> active, PlayRun run) {
        switch (String.valueOf(task.args().get("action"))) {
            case "flush_handlers" -> flushHandlers(run);
            case "end_host" -> {
                bus.publish(new Event.TaskStarted(task.displayName(), "task", String.valueOf(task.location()), names(active)));
                for (HostState host : active) {
                    if (taskRunner.conditionsHold(task, host, run)) {
                        host.ended = true;
                    } else {
                        skipped(task, host, run, "end_host conditional evaluated to False, continuing execution for " + host.name);
                    }
                }
            }
            case "end_batch", "end_play" -> {
                String action = String.valueOf(task.args().get("action"));
                bus.publish(new Event.TaskStarted(task.displayName(), "task", String.valueOf(task.location()), names(active.subList(0, 1))));
                if (taskRunner.conditionsHold(task, active.get(0), run)) {
                    active.forEach(h -> h.ended = true);
                    run.ended = action.equals("end_play");
                } else {
                    skipped(task, active.get(0), run, action + " conditional evaluated to False, continuing "
                            + (action.equals("end_play") ? "play" : "current batch"));
                }
            }
            default -> {
                // noop
            }
        }
    }

    /** A meta task whose conditions do not hold on {@code host}: reported and counted as skipped, as Ansible does. */
    private void skipped(Task task, HostState host, PlayRun run, String reason) {
        HostOutcome outcome = new HostOutcome(Status.SKIPPED, reason, Map.of("changed", false, "skipped", true, "skip_reason", reason), Map.of());
        taskRunner.report(task, host, outcome);
        accounting.account(task, host, outcome, run);
    }

    /** As Ansible: what a run_once task registered and set on its one host, every other host of the batch has too. */
    private static void shareRunOnce(Task task, HostState first, List<HostState> active, Map<HostState, HostOutcome> outcomes) {
        for (HostState other : active) {
            if (other != first && task.register() != null && first.hostVars.get(task.register()) != null) {
                other.hostVars.put(task.register(), first.hostVars.get(task.register()));
            }
            if (other != first) {
                outcomes.get(first).facts().forEach(other.layerFor(task)::put);
            }
        }
    }

    /** Runs the handlers notified so far, in definition order, each on the hosts that notified it. */
    void flushHandlers(PlayRun run) {
        for (Task handler : List.copyOf(run.handlers)) {
            if (run.aborted || interruption.requested()) {
                return;
            }
            List<HostState> notified = run.batch.stream().filter(h -> h.active() && h.takeNotification(handler)).toList();
            if (!notified.isEmpty()) {
                run(handler, notified, run, "handler");
            }
        }
    }

    static List<String> names(List<HostState> states) {
        return states.stream().map(h -> h.name).toList();
    }
}
