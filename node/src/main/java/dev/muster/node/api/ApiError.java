package dev.muster.node.api;

/** A request the API refuses: its HTTP status and the reason, sent as {@code {"detail": ...}}. */
public final class ApiError extends RuntimeException {
    private final int status;

    public ApiError(int status, String detail) {
        super(detail, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiError badRequest(String detail) {
        return new ApiError(400, detail);
    }

    public static ApiError notFound(String detail) {
        return new ApiError(404, detail);
    }
}
