package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;

/**
 * The cluster's API answered with an error status (or did not answer). A {@link MusterException}, so the command
 * line prints its one line and picks the exit code from its {@link Failure}: 4 for a request the cluster refused
 * (400, 404, 409, 413), 5 for wrong credentials (401, 403), 3 for a cluster it cannot reach, 1 for a server error.
 */
public final class ApiException extends MusterException {

    private final int status;
    private final transient JsonNode body;

    public ApiException(int status, JsonNode body, String message) {
        super(null, message, failureOf(status), null);
        this.status = status;
        this.body = body == null ? NullNode.getInstance() : body;
    }

    /** No answer at all: connection refused, a timeout, a certificate that does not verify. */
    public ApiException(String message, Throwable cause) {
        super(null, message, Failure.HOST_UNREACHABLE, cause);
        this.status = 0;
        this.body = NullNode.getInstance();
    }

    /** The HTTP status, 0 when nothing answered. */
    public int status() {
        return status;
    }

    /** The error's JSON body as served (a project update's {@code nodes}, say); null node when there was none. */
    public JsonNode body() {
        return body;
    }

    static Failure failureOf(int status) {
        if (status == 401 || status == 403) {
            return Failure.BAD_REQUEST;
        }
        if (status >= 400 && status < 500) {
            return Failure.BAD_INPUT;
        }
        return Failure.ERROR;
    }
}
