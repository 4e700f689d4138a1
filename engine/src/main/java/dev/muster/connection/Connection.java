package dev.muster.connection;

import java.time.Duration;

/**
 * A way to run a script on one host: SSH (one connection per host, reused for every task, with a
 * cap on concurrent channels) or local. Implementations are thread-safe: the executor may run
 * several commands on one host at once (loops, async waits) within the channel cap.
 *
 * <p>Failures of the command itself come back as an {@link ExecResult} with a non-zero exit code and the
 * reason on stderr, so the task fails but the host stays reachable: {@link #EXIT_TIMED_OUT},
 * {@link #EXIT_BECOME_FAILED} (stderr then reads {@code become: incorrect sudo password},
 * {@code become: a password is required} or {@code become: sudo failed: ...}) and {@link #EXIT_KILLED}.
 */
public interface Connection extends AutoCloseable {

    /** The command outlived its timeout and was ended (as timeout(1) reports it). */
    int EXIT_TIMED_OUT = 124;
    /** sudo did not run the command: wrong or missing password, or not allowed. */
    int EXIT_BECOME_FAILED = 125;
    /** The command was killed by a signal or ended without an exit status (as ssh(1) reports it). */
    int EXIT_KILLED = 255;

    /**
     * Runs {@code script} with POSIX sh on the host ({@code sh -c script}, never the login shell's reading of it),
     * feeding {@code stdin}, and waits for it. Stdout and stderr are decoded as UTF-8.
     *
     * @param stdin   bytes for the script's stdin (file content and the like; any size), or null for none
     * @param become  sudo to this user first, or null to run as the connecting user
     * @param timeout a command that outlasts it is ended and reported as {@link #EXIT_TIMED_OUT}; null for none
     * @throws UnreachableException when the host cannot be reached or authentication fails
     */
    ExecResult exec(String script, byte[] stdin, Become become, Duration timeout);

    /**
     * Starts a shell session: sh reading its commands from stdin as they are sent (see {@link ShellSession}), under
     * timeout(1) without a deadline where the host has it, so that signalling timeout ends the shell and all it
     * started. Its output and its end go to {@code watcher}.
     *
     * @throws UnreachableException when the host cannot be reached or authentication fails
     */
    ShellSession openSession(Become become, OutputWatcher watcher);

    /**
     * Sets the connection up now (key exchange, authentication) rather than at the first command, so that it
     * overlaps with work the controller does meanwhile. A failure is kept and thrown by the first command,
     * which reports it as usual; nothing else happens on the host. No-op where there is nothing to set up.
     */
    default void open() {
    }

    @Override
    void close();
}
