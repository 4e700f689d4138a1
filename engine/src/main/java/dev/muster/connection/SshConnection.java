package dev.muster.connection;

import dev.muster.error.MusterException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * One SSH connection to one host, opened on first use and shared by every command for that host.
 * Each command gets its own channel; a semaphore keeps the channels in flight below sshd's MaxSessions
 * (10 by default), so a burst of commands queues here instead of being refused by the server.
 */
final class SshConnection implements Connection {

    private final SshTarget target;
    private final SshConnector connector;
    private final ExecutorService pool;
    private final Semaphore channels;
    /** Channels of ours sshd has opened and not yet been told to close, and how many have ended: see startSession. */
    private final Object sessionsLock = new Object();
    private int openChannels;
    private long endedChannels;
    private final Object lock = new Object();
    private SSHClient client;
    private boolean closed;
    /** Why open() could not connect; thrown by the next command, then forgotten (a later one tries again). */
    private UnreachableException openFailure;
    private volatile Boolean hasTimeout;
    /** Commands of ours between channel request and end: sshd's session limit counts them. */
    private final AtomicInteger inFlight = new AtomicInteger();

    SshConnection(SshTarget target, SshConnector connector, int maxChannels, ExecutorService pool) {
        this.target = target;
        this.connector = connector;
        this.pool = pool;
        this.channels = new Semaphore(maxChannels, true);
    }

    @Override
    public ExecResult exec(String script, byte[] stdin, Become become, Duration timeout) {
        ShellCommand command = ShellCommand.of(script, become, limited(timeout) && hasTimeoutCommand() ? timeout : null);
        return execOnChannel(command, command.line(), stdin, timeout);
    }

    @Override
    public ShellSession openSession(Become become, OutputWatcher watcher) {
        ShellCommand command = ShellCommand.session(become);
        acquireChannel();
        boolean started = false;
        try {
            Session session = startSession();
            Session.Command running;
            try {
                running = session.exec(command.line());
            } catch (IOException e) {
                closeQuietly(session);
                channelEnded();
                throw unreachable("could not start a shell: " + SshFailures.reason(e), e);
            }
            CommandStreams streams = CommandStreams.conversation(command, watcher);
            streams.start(running.getOutputStream(), running.getInputStream(), running.getErrorStream(), pool,
                    () -> closeQuietly(running), window(running));
            // the channel is the session's until the shell ends: then it goes back, and the watcher hears how it ended
            pool.execute(() -> {
                try {
                    running.join();
                } catch (ConnectionException e) {
                    // the connection went down: told below
                }
                try {
                    streams.awaitOutput(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closeQuietly(session);
                channelEnded();
                releaseChannel();
                ExecResult how = howItEnded(running, streams, Duration.ZERO);
                watcher.ended(how == null ? new ExecResult(Connection.EXIT_KILLED, "", "connection lost while a shell was running\n", Duration.ZERO)
                        : how, how == null);
            });
            started = true;
            return new StreamSession(streams, e -> connected()
                    ? new MusterException(target.name() + ": the shell session ended: " + e.getMessage())
                    : unreachable("connection lost: " + SshFailures.reason(e), e));
        } finally {
            if (!started) {
                releaseChannel();
            }
        }
    }

    /**
     * How a command ended, from its channel: its exit status, sudo's refusal, the signal that killed it; null when
     * the connection went down under it.
     */
    private ExecResult howItEnded(Session.Command running, CommandStreams streams, Duration elapsed) {
        Integer status = running.getExitStatus();
        if (streams.becomeFailure() != null) {
            return new ExecResult(Connection.EXIT_BECOME_FAILED, "", streams.becomeFailure(), elapsed);
        }
        if (status == null) {
            if (running.getExitSignal() != null) {
                return new ExecResult(Connection.EXIT_KILLED, streams.stdout(),
                        appendLine(streams.stderr(), "killed by signal " + running.getExitSignal()), elapsed);
            }
            if (!connected()) {
                return null;
            }
            return new ExecResult(Connection.EXIT_KILLED, streams.stdout(),
                    appendLine(streams.stderr(), "the command ended without an exit status"), elapsed);
        }
        return new ExecResult(status, streams.stdout(), streams.stderr(), elapsed);
    }

    private static SendWindow window(Session.Command running) {
        return new SendWindow() {
            @Override
            public long available() {
                return running.getRemoteWinSize();
            }

            @Override
            public boolean stillWanted() {
                return running.isOpen() && running.getExitStatus() == null;
            }
        };
    }

    private void acquireChannel() {
        try {
            channels.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MusterException(target.name() + ": interrupted while waiting for a free channel");
        }
        inFlight.incrementAndGet();
    }

    private void releaseChannel() {
        inFlight.decrementAndGet();
        channels.release();
    }

    private static boolean limited(Duration timeout) {
        return timeout != null && !timeout.isZero() && !timeout.isNegative();
    }

    private ExecResult execOnChannel(ShellCommand command, String line, byte[] stdin, Duration timeout) {
        acquireChannel();
        try {
            return run(command, line, stdin, timeout);
        } finally {
            releaseChannel();
        }
    }

    private ExecResult run(ShellCommand command, String line, byte[] stdin, Duration timeout) {
        long start = System.nanoTime();
        Session session = startSession();
        try {
            return runOn(session, command, line, stdin, timeout, start);
        } finally {
            channelEnded();
        }
    }

    private ExecResult runOn(Session session, ShellCommand command, String line, byte[] stdin, Duration timeout, long start) {
        CommandStreams streams = new CommandStreams(command, stdin);
        Session.Command running;
        try {
            running = session.exec(line);
        } catch (IOException e) {
            closeQuietly(session);
            throw unreachable("could not start a command: " + SshFailures.reason(e), e);
        }
        streams.start(running.getOutputStream(), running.getInputStream(), running.getErrorStream(), pool,
                () -> closeQuietly(running), window(running));
        boolean limited = limited(timeout);
        boolean gaveUp = false;
        try {
            if (limited) {
                // timeout(1) on the target ends the script; this later deadline covers targets without it
                running.join(timeout.toMillis() + (ShellCommand.KILL_GRACE_SECONDS + 2) * 1000L, TimeUnit.MILLISECONDS);
            } else {
                running.join();
            }
        } catch (ConnectionException e) {
            gaveUp = limited && elapsedSince(start).compareTo(timeout) >= 0;
        }
        if (gaveUp) {
            streams.cancel();
            try {
                running.signal(Signal.KILL);
            } catch (IOException | RuntimeException ignored) {
                // sshd refuses signals on root sessions; closing the channel still frees our side
            }
            // sshd answers our close only once the command exits: do not wait for that here
            pool.execute(() -> closeQuietly(running));
        }
        try {
            streams.awaitOutput(gaveUp ? 1 : 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!gaveUp) {
            closeQuietly(session);
        }
        Duration elapsed = elapsedSince(start);
        Integer status = running.getExitStatus();
        boolean endedByTimeout = limited && status != null && (status == 124 || status == 137)
                && elapsed.compareTo(timeout) >= 0;
        if (gaveUp || endedByTimeout) {
            return new ExecResult(Connection.EXIT_TIMED_OUT, streams.stdout(),
                    appendLine(streams.stderr(), "command timed out after " + timeout.toSeconds() + " s and was ended"), elapsed);
        }
        ExecResult how = howItEnded(running, streams, elapsed);
        if (how == null) {
            throw unreachable("connection lost while a command was running", null);
        }
        return how;
    }

    /**
     * Whether the target has timeout(1), asked once per connection (coreutils and busybox have it). Asking once
     * is cheaper than a shell test in every command: each extra process on the target costs about a millisecond.
     */
    private boolean hasTimeoutCommand() {
        Boolean known = hasTimeout;
        if (known == null) {
            synchronized (lock) {
                if (hasTimeout == null) {
                    ShellCommand probe = ShellCommand.of("command -v timeout >/dev/null 2>&1", null, null);
                    hasTimeout = run(probe, probe.line(), null, Duration.ofSeconds(30)).exitCode() == 0;
                }
                known = hasTimeout;
            }
        }
        return known;
    }

    /**
     * A new channel on the open connection; (re)connects first when the connection is not (or no longer) up.
     * sshd refuses a channel when it holds MaxSessions of ours, which may be below our cap, or when it has not yet
     * released the session of a command of ours that just ended (it does that once our close arrives: later on a
     * busy host). While another channel of ours is open, one of them will end, so the command waits for that, for
     * as long as it takes: commands wait, they never fail for sshd's limit. With none of ours open it can only be
     * sshd's lag, which passes: retried for up to the connect timeout.
     */
    private Session startSession() {
        SSHClient current = client();
        long deadline = System.nanoTime() + connector.connectTimeout(target).toNanos();
        int attempts = 0;
        while (true) {
            try {
                Session session = current.startSession();
                synchronized (sessionsLock) {
                    openChannels++;
                }
                return session;
            } catch (OpenFailException refused) {
                if (awaitOneOfOursEnding()) {
                    deadline = System.nanoTime() + connector.connectTimeout(target).toNanos();
                    attempts = 0;
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    throw unreachable("sshd refused a channel: " + SshFailures.reason(refused), refused);
                }
                pause(Math.min(200, 20 << Math.min(attempts++, 3)));
            } catch (IOException e) {
                if (current.isConnected() && current.isAuthenticated()) {
                    throw unreachable("could not open a channel: " + SshFailures.reason(e), e);
                }
                break;
            }
        }
        // The connection dropped since the last command: nothing ran on this channel, so one fresh try is safe.
        SSHClient fresh = reconnect(current);
        try {
            Session session = fresh.startSession();
            synchronized (sessionsLock) {
                openChannels++;
            }
            return session;
        } catch (IOException e) {
            throw unreachable("could not open a channel: " + SshFailures.reason(e), e);
        }
    }

    /** Waits until a channel of ours ends; false at once when none is open (then only sshd's lag can be the cause). */
    private boolean awaitOneOfOursEnding() {
        synchronized (sessionsLock) {
            if (openChannels == 0) {
                return false;
            }
            long ended = endedChannels;
            while (endedChannels == ended && openChannels > 0 && !closed) {
                try {
                    sessionsLock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MusterException(target.name() + ": interrupted while waiting for a free channel");
                }
            }
            return true;
        }
    }

    private void channelEnded() {
        synchronized (sessionsLock) {
            openChannels--;
            endedChannels++;
            sessionsLock.notifyAll();
        }
    }

    @Override
    public void open() {
        synchronized (lock) {
            if (closed || client != null || openFailure != null) {
                return;
            }
            try {
                client = connector.open(target);
            } catch (UnreachableException e) {
                openFailure = e;
            }
        }
    }

    private SSHClient client() {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("connection to " + target.name() + " is closed");
            }
            if (client == null) {
                if (openFailure != null) {
                    // open() already tried and failed: report that once, without a second wait for the same timeout
                    UnreachableException failure = openFailure;
                    openFailure = null;
                    throw failure;
                }
                client = connector.open(target);
            }
            return client;
        }
    }

    private SSHClient reconnect(SSHClient broken) {
        synchronized (lock) {
            if (client == broken) {
                closeQuietly(broken);
                client = null;
            }
            return client();
        }
    }

    private boolean connected() {
        synchronized (lock) {
            return client != null && client.isConnected();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (client != null) {
                closeQuietly(client);
                client = null;
            }
        }
    }

    @Override
    public String toString() {
        return "SshConnection[" + target + "]";
    }

    private UnreachableException unreachable(String reason, Throwable cause) {
        return new UnreachableException(target.name(), reason, cause);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MusterException("interrupted while waiting for a free channel");
        }
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static String appendLine(String text, String line) {
        return text.isEmpty() || text.endsWith("\n") ? text + line + "\n" : text + "\n" + line + "\n";
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing after a failure: nothing more to learn
        }
    }
}
