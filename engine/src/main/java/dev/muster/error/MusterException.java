package dev.muster.error;

/**
 * An error the operator can act on: bad input, an unreachable host, a failed precondition.
 * Its message is printed as it is, prefixed by the location when there is one; no stack trace.
 * It says what kind of mistake it is ({@link Failure}), never an exit code: that is the caller's choice.
 */
public class MusterException extends RuntimeException {

    private final transient SourceLocation location;
    private final Failure failure;

    public MusterException(String message) {
        this(null, message, Failure.ERROR, null);
    }

    /** A mistake in an input file, at {@code location}. */
    public MusterException(SourceLocation location, String message) {
        this(location, message, Failure.BAD_INPUT, null);
    }

    public MusterException(SourceLocation location, String message, Failure failure, Throwable cause) {
        super(message, cause);
        this.location = location;
        this.failure = failure;
    }

    public SourceLocation location() {
        return location;
    }

    public Failure failure() {
        return failure;
    }

    /** The one line shown to the operator: {@code FILE:LINE:COLUMN: message}. */
    public String describe() {
        return location == null ? getMessage() : location + ": " + getMessage();
    }
}
