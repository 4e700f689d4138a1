package dev.muster.module;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;

/**
 * A task's arguments do not fit its module: unknown or missing name, wrong type, value not among
 * the choices. The message names the argument (and the closest known name for a misspelling);
 * {@link ArgSpec#check} places it at the argument's FILE:LINE:COLUMN.
 */
public class ArgumentException extends MusterException {

    private final String argument;

    public ArgumentException(String message) {
        this(null, message);
    }

    /** @param argument the argument as written (name or alias) that is wrong, or null when the task as a whole is */
    public ArgumentException(String argument, String message) {
        super(message);
        this.argument = argument;
    }

    private ArgumentException(SourceLocation location, String argument, String message) {
        super(location, message, Failure.BAD_INPUT, null);
        this.argument = argument;
    }

    /** The argument as written, or null. */
    public String argument() {
        return argument;
    }

    /** The same error placed in the operator's file. */
    ArgumentException at(SourceLocation location) {
        return new ArgumentException(location, argument, getMessage());
    }
}
