package dev.muster.report;

/** What happened to a task on a host, as the operator sees it. */
public enum Status {
    OK, CHANGED, SKIPPED, FAILED, UNREACHABLE, IGNORED;

    public String label() {
        return switch (this) {
            case OK -> "ok";
            case CHANGED -> "changed";
            case SKIPPED -> "skipping";
            case FAILED -> "failed";
            case UNREACHABLE -> "unreachable";
            case IGNORED -> "failed (ignored)";
        };
    }
}
