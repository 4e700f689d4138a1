package dev.muster.node.job;

import dev.muster.error.Failure;
import dev.muster.report.Outcome;

/**
 * A job's final status and exit code: the engine's outcome mapped as {@code muster play} maps it at its own edge
 * (ansible-playbook's codes: 0 ok, 1 error, 2 host failed, 3 unreachable, 4 parse error, 5 bad options, 99
 * interrupted).
 */
record JobOutcome(String status, int exitCode) {

    static JobOutcome of(Outcome outcome) {
        return switch (outcome) {
            case OK -> new JobOutcome(JobStore.SUCCESSFUL, 0);
            case HOST_FAILED -> new JobOutcome(JobStore.FAILED, 2);
            case HOST_UNREACHABLE -> new JobOutcome(JobStore.FAILED, 3);
            case CANCELLED -> new JobOutcome(JobStore.CANCELED, 99);
        };
    }

    /** A run that could not start: the playbook or inventory is wrong (4), the request (5), anything else (1). */
    static JobOutcome of(Failure failure) {
        if (failure == Failure.BAD_INPUT) {
            return new JobOutcome(JobStore.ERROR, 4);
        }
        if (failure == Failure.BAD_REQUEST) {
            return new JobOutcome(JobStore.ERROR, 5);
        }
        return new JobOutcome(JobStore.ERROR, 1);
    }
}
