package dev.muster.connection;

import java.time.Duration;

/** What one command on a target returned. */
public record ExecResult(int exitCode, String stdout, String stderr, Duration elapsed) {
}
