package dev.muster.playbook;

import dev.muster.error.SourceLocation;

/** A {@code when}, {@code changed_when}, {@code failed_when} or {@code until} expression and where it was written. */
public record Condition(String text, SourceLocation location) {
}
