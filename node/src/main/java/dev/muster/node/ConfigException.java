package dev.muster.node;

/**
 * The configuration (or the node's own state files) cannot be used: the operator must fix something.
 * The message is one line, prefixed by FILE or FILE:LINE; the service exits with {@link ExitCode#BAD_CONFIG}.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
