package dev.muster.connection;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;

/** The host could not be reached or would not let us in; the host is marked unreachable, not failed. */
public class UnreachableException extends MusterException {

    public UnreachableException(String host, String reason, Throwable cause) {
        super(null, host + ": unreachable: " + reason, Failure.HOST_UNREACHABLE, cause);
    }
}
