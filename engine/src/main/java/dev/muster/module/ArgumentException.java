package dev.muster.module;

import dev.muster.error.MusterException;

/**
 * A task's arguments do not fit its module: unknown or missing name, wrong type, value not among
 * the choices. The message names the argument (and the closest known name for a misspelling);
 * the planner adds the task's file and line.
 */
public class ArgumentException extends MusterException {

    public ArgumentException(String message) {
        super(message);
    }
}
