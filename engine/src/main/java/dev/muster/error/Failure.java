package dev.muster.error;

/**
 * What kind of mistake a {@link MusterException} reports. The engine says what went wrong; the command line (or any
 * other caller) decides what that means to it, e.g. an exit code (see the CLI's ExitCodes).
 */
public enum Failure {
    /** The request itself is wrong: an option, a missing file named by the caller, a pattern, a password. */
    BAD_REQUEST,
    /** An inventory, playbook, role or vars file is wrong; the exception carries FILE:LINE:COLUMN where known. */
    BAD_INPUT,
    /** A task failed on a host (a template or condition that cannot be evaluated there, say). */
    HOST_FAILED,
    /** A host cannot be reached. */
    HOST_UNREACHABLE,
    /** The run was cancelled. */
    CANCELLED,
    /** Anything else. */
    ERROR
}
