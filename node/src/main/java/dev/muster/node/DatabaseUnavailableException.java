package dev.muster.node;

/** PostgreSQL cannot be reached now; the message is one line, fit for /health and the log. */
public final class DatabaseUnavailableException extends Exception {
    public DatabaseUnavailableException(String message) {
        super(message, null, false, false);
    }
}
