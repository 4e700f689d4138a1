package dev.muster.node;

/**
 * Exit codes of the node service. The systemd unit prevents restarts on {@link #BAD_CONFIG}
 * (restarting cannot fix a typo) but restarts on {@link #UNAVAILABLE} (the database may come back).
 */
public final class ExitCode {
    public static final int OK = 0;
    public static final int BAD_CONFIG = 2;
    public static final int UNAVAILABLE = 3;

    private ExitCode() {
    }
}
