package dev.muster.executor;

import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/** The host result events of tasks: one per task and host, one per loop item and a loop summary; no_log censors them. */
final class TaskEvents {

    static final String CENSORED = "the output has been hidden because 'no_log: true' was specified for this result";

    private final EventBus bus;

    TaskEvents(EventBus bus) {
        this.bus = bus;
    }

    /**
     * Publishes {@code outcome} of {@code task} on {@code host}.
     *
     * @param item        the loop item's label, or null
     * @param loopSummary whether this is the summary of a loop (its per-item results were published already)
     */
    void report(Task task, HostState host, HostOutcome outcome, String item, boolean loopSummary, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        Map<String, Object> data = new LinkedHashMap<>(outcome.registered());
        Object diff = data.remove("_diff");
        // a module's warnings are shown once, as [WARNING] lines; they stay in the result, as registered
        if (data.get("warnings") instanceof java.util.List<?> warnings && !loopSummary) {
            warnings.forEach(w -> bus.publish(new Event.Warning(String.valueOf(w))));
        }
        String message = outcome.message();
        if (loopSummary) {
            data.remove("results"); // each item had its own event
        }
        if (task.noLog()) {
            data = Map.of("censored", CENSORED);
            diff = null;
            message = outcome.status() == Status.SKIPPED ? message : CENSORED;
        }
        bus.publish(new Event.HostResult(task.displayName(), task.module(), host.name, outcome.status(), message, item, loopSummary,
                data, diff == null ? null : String.valueOf(diff), millis));
    }
}
