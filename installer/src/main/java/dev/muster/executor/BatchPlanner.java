package dev.muster.executor;

import dev.muster.connection.Become;
import dev.muster.module.RemoteAction;
import dev.muster.module.script.BatchScript;
import dev.muster.module.script.ModuleScript;
import dev.muster.playbook.Play;
import dev.muster.playbook.Task;
import dev.muster.report.Status;
import dev.muster.vars.LazyVars;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which tasks of a segment go together in one host's next round trip. A task may join the tasks before
 * it when nothing it looks up (its when:, arguments, template, environment, become user) is something they
 * produce: their register names or set_fact names, or another host's variables (which the linear strategy
 * would show as they are after the task before, on every host). The recorded look-ups make that exact, so
 * a batch changes nothing of what any task sees.
 */
final class BatchPlanner {

    /** Bytes of task scripts in one batch, beyond which the rest waits for the next round trip. */
    static final int MAX_BATCH_CHARS = 2 * 1024 * 1024;

    /**
     * The tasks planned for one host, from the round's first task on.
     *
     * @param limit the segment index before which every host's batch must end this round (the first task that
     *              cannot join, or after a task whose failed_when only the controller can judge); the segment's
     *              size when the host stops on its own (a task that failed in planning)
     */
    record HostPlan(HostState host, List<TaskRunner.Planned> items, int limit) {
    }

    private BatchPlanner() {
    }

    /**
     * Whether a task can be part of a batch at all, judged from the playbook: tasks with retries, delegate_to or
     * run_once, meta tasks, and every task of a play with any_errors_fatal or
     * max_fail_percentage (which stop all hosts after a task, before the next one) run one at a time.
     */
    static boolean canJoin(Task task, Play play) {
        return !play.anyErrorsFatal() && play.maxFailPercentage() == null
                && !task.module().equals("meta") && task.until().isEmpty()
                && task.scope().delegateTo() == null && !task.runOnce();
    }

    /** Plans {@code segment[from..]} on {@code host} until a task cannot join the ones before it. */
    static HostPlan plan(List<Task> segment, int from, HostState host, PlayRun run, TaskRunner tasks) {
        List<TaskRunner.Planned> items = new ArrayList<>();
        Set<String> produced = new HashSet<>();
        boolean haveRemote = false;
        Become become = null;
        long chars = 0;
        for (int i = from; i < segment.size(); i++) {
            Task task = segment.get(i);
            TaskRunner.Planned planned = tasks.plan(task, host, run);
            if (i > from && dependsOn(planned.reads(), produced)) {
                return new HostPlan(host, items, i);
            }
            List<Become> becomes = planned.steps().stream().filter(TaskRunner.Step::remote).map(TaskRunner.Step::become).distinct().toList();
            if (becomes.size() > 1) {
                // loop items that sudo to different users cannot share one driver: this task goes alone, item by item
                if (i > from) {
                    return new HostPlan(host, items, i);
                }
                items.add(planned);
                return new HostPlan(host, items, stopsHere(planned) ? segment.size() : i + 1);
            }
            if (!becomes.isEmpty()) {
                chars += planned.steps().stream().filter(TaskRunner.Step::remote)
                        .mapToLong(step -> step.action().script().length() - ModuleScript.PRELUDE.length() + step.action().stdin().length).sum();
                if (haveRemote && (!Objects.equals(become, becomes.get(0)) || chars > MAX_BATCH_CHARS)) {
                    return new HostPlan(host, items, i);
                }
                haveRemote = true;
                become = becomes.get(0);
            }
            items.add(planned);
            if (stopsHere(planned)) {
                return new HostPlan(host, items, segment.size());
            }
            if (task.register() != null) {
                produced.add(task.register());
            }
            for (TaskRunner.Step step : planned.steps()) {
                if (step.local() != null) {
                    produced.addAll(step.local().facts().keySet());
                }
            }
            if (!task.failedWhen().isEmpty()) {
                return new HostPlan(host, items, i + 1);
            }
        }
        return new HostPlan(host, items, segment.size());
    }

    /** A module script whose input can ride inside a batch; anything else is sent alone. */
    static boolean travelsInBatch(RemoteAction action) {
        return ModuleScript.taskPart(action.script()) != null && BatchScript.canCarry(action.stdin());
    }

    /**
     * A task already known to fail on this host: in planning, or a local module such as fail or assert (a loop
     * fails when one of its items does). Nothing after it may run in the same round trip.
     */
    private static boolean stopsHere(TaskRunner.Planned planned) {
        Task task = planned.task();
        if (task.ignoreErrors()) {
            return false;
        }
        for (TaskRunner.Step step : planned.steps()) {
            if (step.settled() != null && (step.settled().status() == Status.FAILED || step.settled().status() == Status.IGNORED)) {
                return true;
            }
            if (step.local() != null && step.local().failed() && task.failedWhen().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static boolean dependsOn(Set<String> reads, Set<String> produced) {
        if (reads.contains(LazyVars.EVERY_NAME) || reads.contains("hostvars")) {
            return true;
        }
        for (String name : produced) {
            if (reads.contains(name)) {
                return true;
            }
        }
        return false;
    }
}
