package dev.muster.module;

import java.util.function.Supplier;

/** A result computed in the controller, with no command on the target. */
public record LocalAction(Supplier<TaskResult> result) implements Action {
}
