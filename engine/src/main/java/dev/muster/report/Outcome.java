package dev.muster.report;

/** How a run ended, worst first wins: a cancelled run, else a failed host, else an unreachable one, else OK. */
public enum Outcome {
    OK, HOST_FAILED, HOST_UNREACHABLE, CANCELLED
}
