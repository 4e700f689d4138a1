package dev.muster.connection;

import dev.muster.module.ExecResult;
import java.time.Duration;

/**
 * A way to run a script on one host: SSH (one connection per host, reused for every task, with a
 * cap on concurrent channels) or local. Implementations are thread-safe: the executor may run
 * several commands on one host at once (loops, async waits) within the channel cap.
 */
public interface Connection extends AutoCloseable {

    /**
     * Runs {@code script} with POSIX sh on the host, feeding {@code stdin}, and waits for it.
     *
     * @param become  sudo to this user first, or null to run as the connecting user
     * @param timeout a command that outlasts it is ended and reported as failed
     * @throws UnreachableException when the host cannot be reached or authentication fails
     */
    ExecResult exec(String script, byte[] stdin, Become become, Duration timeout);

    @Override
    void close();
}
