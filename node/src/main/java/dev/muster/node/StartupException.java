package dev.muster.node;

/**
 * A dependency the node needs in order to start (PostgreSQL, its registration) is not available.
 * Unlike {@link ConfigException} this may heal by itself, so systemd restarts the service.
 */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
