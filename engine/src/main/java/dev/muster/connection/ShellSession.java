package dev.muster.connection;

/**
 * A long-lived sh on a host that reads its commands from stdin as they are sent ({@code sh -s}). The executor
 * keeps one per host and sudo user and feeds it one task at a time: a task then costs one write and its
 * output back on an open channel, instead of a new command (a channel, sshd's fork, the login shell, sudo).
 * Its output, and how it ended, go to the {@link OutputWatcher} it was opened with.
 */
public interface ShellSession extends AutoCloseable {

    /**
     * Sends {@code text} to the shell (under become, once sudo has let us in).
     *
     * @throws UnreachableException when the connection is gone
     * @throws dev.muster.error.MusterException when the shell is gone or sudo refused (the watcher hears how it ended)
     */
    void send(String text);

    /** Closes the shell's input: it exits once it has run what it was sent. */
    @Override
    void close();
}
