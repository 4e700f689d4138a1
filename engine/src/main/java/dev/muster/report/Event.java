package dev.muster.report;

import java.util.List;
import java.util.Map;

/**
 * What the engine tells its listeners. Every event can produce a copy with secrets masked;
 * {@link EventBus} does that once before any listener sees it.
 */
public sealed interface Event {

    /** The event's name in JSON output. */
    String type();

    Event masked(Masker masker);

    record PlaybookStarted(String playbook, boolean check, int forks) implements Event {
        public String type() { return "playbook_start"; }
        public Event masked(Masker m) { return this; }
    }

    record PlayStarted(String name, List<String> hosts) implements Event {
        public String type() { return "play_start"; }
        public Event masked(Masker m) { return new PlayStarted(m.mask(name), hosts); }
    }

    /** A task (or handler, or fact gathering) begins on {@code hosts}. */
    record TaskStarted(String name, String kind, String location, List<String> hosts) implements Event {
        public String type() { return "task_start"; }
        public Event masked(Masker m) { return new TaskStarted(m.mask(name), kind, location, hosts); }
    }

    /**
     * A task's result on one host (or on one loop item when {@code item} is set).
     *
     * @param diff unified diff text, when --diff is on and the module returned one
     */
    record HostResult(String task, String module, String host, Status status, String message, String item, boolean loopSummary,
                      Map<String, Object> data, String diff, long millis) implements Event {
        public String type() { return item != null ? "item_result" : "host_result"; }
        public Event masked(Masker m) {
            return new HostResult(m.mask(task), module, host, status, m.mask(message), m.mask(item), loopSummary, m.maskMap(data), m.mask(diff), millis);
        }
    }

    /** A task running longer than two seconds: which hosts are still working. */
    record Progress(String task, List<String> pending, long elapsedMillis) implements Event {
        public String type() { return "progress"; }
        public Event masked(Masker m) { return new Progress(m.mask(task), pending, elapsedMillis); }
    }

    /** Detail shown with -v, -vv or -vvv (level 1 to 3), e.g. the script sent to a host. */
    record Verbose(String host, int level, String text) implements Event {
        public String type() { return "verbose"; }
        public Event masked(Masker m) { return new Verbose(host, level, m.mask(text)); }
    }

    record Warning(String text) implements Event {
        public String type() { return "warning"; }
        public Event masked(Masker m) { return new Warning(m.mask(text)); }
    }

    /** The last event of a run: the recap per host and how the run ended. */
    record Recap(Map<String, HostStats> hosts, long elapsedMillis, Outcome outcome) implements Event {
        public String type() { return "recap"; }
        public boolean interrupted() { return outcome == Outcome.CANCELLED; }
        public Event masked(Masker m) { return this; }
    }
}
