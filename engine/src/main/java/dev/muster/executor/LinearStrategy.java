package dev.muster.executor;

import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
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
            if ("flush_handlers".equals(task.args().get("action"))) {
                flushHandlers(run);
            }
            return;
        }
        List<HostState> targets = task.runOnce() ? List.of(active.get(0)) : active;
        bus.publish(new Event.TaskStarted(task.displayName(), kind, String.valueOf(task.location()), names(targets)));
        Map<HostState, HostOutcome> outcomes = forks.onEach(task.displayName(), targets, host -> taskRunner.run(task, host, run));
        if (task.runOnce() && !outcomes.isEmpty()) {
            shareRunOnce(task, targets.get(0), active, outcomes);
        }
        outcomes.forEach((host, outcome) -> accounting.account(task, host, outcome, run));
        accounting.checkFatal(run);
    }

    /** As Ansible: what a run_once task registered and set on its one host, every other host of the batch has too. */
    private static void shareRunOnce(Task task, HostState first, List<HostState> active, Map<HostState, HostOutcome> outcomes) {
        for (HostState other : active) {
            if (other != first && task.register() != null && first.hostVars.get(task.register()) != null) {
                other.hostVars.put(task.register(), first.hostVars.get(task.register()));
            }
            if (other != first) {
                outcomes.get(first).facts().forEach(other.hostVars::put);
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
