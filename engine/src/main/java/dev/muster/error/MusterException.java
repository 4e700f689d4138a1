package dev.muster.error;

/**
 * An error the operator can act on: bad input, an unreachable host, a failed precondition.
 * Its message is printed as it is, prefixed by the location when there is one; no stack trace.
 */
public class MusterException extends RuntimeException {

    private final transient SourceLocation location;
    private final int exitCode;

    public MusterException(String message) {
        this(null, message, ExitCodes.ERROR, null);
    }

    public MusterException(SourceLocation location, String message) {
        this(location, message, ExitCodes.PARSE_ERROR, null);
    }

    public MusterException(SourceLocation location, String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.location = location;
        this.exitCode = exitCode;
    }

    public SourceLocation location() {
        return location;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The one line shown to the operator: {@code FILE:LINE:COLUMN: message}. */
    public String describe() {
        return location == null ? getMessage() : location + ": " + getMessage();
    }
}
