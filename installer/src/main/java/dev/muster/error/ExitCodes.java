package dev.muster.error;

import dev.muster.report.Outcome;

/**
 * Exit codes, the same as ansible-playbook's so that wrappers written for it keep working. They are chosen here, at
 * the command line's edge, from the engine's typed outcomes and failures.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int HOST_FAILED = 2;
    public static final int HOST_UNREACHABLE = 3;
    public static final int PARSE_ERROR = 4;
    public static final int BAD_OPTIONS = 5;
    public static final int INTERRUPTED = 99;

    private ExitCodes() {
    }

    public static int of(Failure failure) {
        return switch (failure) {
            case BAD_REQUEST -> BAD_OPTIONS;
            case BAD_INPUT -> PARSE_ERROR;
            case HOST_FAILED -> HOST_FAILED;
            case HOST_UNREACHABLE -> HOST_UNREACHABLE;
            case CANCELLED -> INTERRUPTED;
            case ERROR -> ERROR;
        };
    }

    public static int of(Outcome outcome) {
        return switch (outcome) {
            case OK -> OK;
            case HOST_FAILED -> HOST_FAILED;
            case HOST_UNREACHABLE -> HOST_UNREACHABLE;
            case CANCELLED -> INTERRUPTED;
        };
    }
}
