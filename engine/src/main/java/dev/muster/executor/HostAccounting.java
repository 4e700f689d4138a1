package dev.muster.executor;

import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.util.List;
import java.util.Map;

/**
 * What a host's result does to the run: it counts for the recap, a change queues the task's handlers, a failure or
 * an unreachable host takes that host out of the play, and enough of them stop the play (any_errors_fatal,
 * max_fail_percentage).
 */
final class HostAccounting {

    private final EventBus bus;

    HostAccounting(EventBus bus) {
        this.bus = bus;
    }

    /** Counts {@code outcome} of {@code task} (null for fact gathering) on {@code host}; a host not run counts nothing. */
    void account(Task task, HostState host, HostOutcome outcome, PlayRun run) {
        if (outcome.status() == null) {
            return;
        }
        synchronized (host) {
            switch (outcome.status()) {
                case OK -> host.ok++;
                case CHANGED -> {
                    host.ok++;
                    host.changed++;
                }
                case SKIPPED -> host.skipped++;
                case IGNORED -> host.ignored++;
                case FAILED -> host.failures++;
                case UNREACHABLE -> host.unreachables++;
            }
        }
        if (outcome.status() == Status.FAILED) {
            host.failed = true;
            if (task != null && run.rescueDepth > 0) {
                host.hostVars.put("ansible_failed_task", failedTask(task));
                host.hostVars.put("ansible_failed_result", outcome.registered());
            }
        } else if (outcome.status() == Status.UNREACHABLE) {
            host.unreachable = true;
        } else if (outcome.status() == Status.CHANGED && task != null) {
            for (String name : task.notifies()) {
                for (Task handler : run.handlers) {
                    if (name.equals(handler.name()) || handler.listen().contains(name)) {
                        host.queueHandler(handler);
                    }
                }
            }
        }
    }

    /**
     * {@code ansible_failed_task} for a rescue: the keywords of the task as written (ansible-core serializes the whole
     * Task object; roles read its {@code name} and {@code action}, and sometimes {@code args}).
     */
    private static Map<String, Object> failedTask(Task task) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("name", task.name() == null ? "" : task.name());
        fields.put("action", task.module());
        fields.put("args", task.args());
        fields.put("register", task.register());
        fields.put("tags", List.copyOf(task.tags()));
        fields.put("when", task.when().stream().map(dev.muster.playbook.Condition::text).toList());
        fields.put("ignore_errors", task.scope().ignoreErrors());
        fields.put("delegate_to", task.scope().delegateTo());
        fields.put("loop", task.loop());
        fields.put("loop_with", task.loopLookup());
        return fields;
    }

    /** Fails {@code host} for a step that is not a task of its own (an include that cannot be expanded), and says so. */
    void fail(HostState host, String step, String message) {
        bus.publish(new Event.HostResult(step, "include", host.name, Status.FAILED, message, null, false, Map.of(), null, 0));
        synchronized (host) {
            host.failures++;
        }
        host.failed = true;
    }

    /** Marks the play aborted when its failures reach any_errors_fatal or max_fail_percentage (never inside a rescue). */
    void checkFatal(PlayRun run) {
        if (run.rescueDepth > 0) {
            return;
        }
        long failed = run.batch.stream().filter(h -> h.failed || h.unreachable).count();
        if (failed == 0) {
            return;
        }
        if (run.play.anyErrorsFatal() && run.batch.stream().anyMatch(h -> h.failed)) {
            run.aborted = true;
        }
        Integer max = run.play.maxFailPercentage();
        if (max != null && failed * 100.0 / run.batch.size() > max) {
            run.aborted = true;
        }
    }
}
