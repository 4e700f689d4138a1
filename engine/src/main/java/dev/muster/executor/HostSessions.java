package dev.muster.executor;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.OutputWatcher;
import dev.muster.connection.ShellSession;
import dev.muster.connection.UnreachableException;
import dev.muster.error.MusterException;
import dev.muster.connection.ExecResult;
import dev.muster.module.RemoteAction;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.SessionFrames;
import dev.muster.module.script.SessionScript;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The shell sessions of a run: per host and sudo user, shells that stay open and run the tasks sent to them one
 * at a time ({@link ShellSession}, {@link SessionScript}). A task then costs one write and its output back on an
 * open channel, about 1.1 ms on a lab host, where a command of its own costs a new channel, sshd's fork, the login
 * shell and sudo, 6.41 ms for {@code exec true} (the SSH floor of README's benchmark); the prelude's functions are parsed once per session, and no task's script shows in the
 * target's process list. The linear strategy is untouched: a host still gets its next task only when every
 * host has finished the one before.
 *
 * <p>A task that outlives the per-task timeout ends its session (a TERM to timeout(1), which leads the shell's
 * process group, so whatever the task started goes too); the next task opens a new one. A session whose shell
 * died is dropped the same way.
 */
final class HostSessions implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A session belongs to one connection (a host and login: remote_user can give a host several) and sudo user. */
    private record Key(String host, Connection connection, Become become) {
    }

    private final Map<Key, Deque<Session>> idle = new ConcurrentHashMap<>();
    private final Set<Session> open = ConcurrentHashMap.newKeySet();

    /**
     * What of {@code action} a session runs: its module script without the prelude, or null when it cannot run in
     * a session (a script not built on the prelude, or input that cannot ride inside).
     */
    static String taskPart(RemoteAction action) {
        return SessionScript.canCarry(action.stdin()) ? ModuleScript.taskPart(action.script()) : null;
    }

    /**
     * Runs a task in a session of {@code host} (a free one, or a new one: delegate_to can send several hosts' tasks
     * to one host at once) and returns what its script returned, as if it had run alone.
     *
     * @param taskPart what {@link #taskPart} gave for the task's action
     * @param input    the action's input data (empty for none)
     * @throws UnreachableException when the host cannot be reached, or the connection dropped during the task
     */
    ExecResult run(String host, Connection connection, Become become, String environment, String taskPart, byte[] input,
                   Duration timeout) {
        Key key = new Key(host, connection, become);
        Session session = take(key);
        if (session == null) {
            session = new Session(host, connection, become);
            open.add(session);
        }
        try {
            return session.run(environment, taskPart, input, timeout);
        } finally {
            if (session.alive()) {
                Deque<Session> free = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
                synchronized (free) {
                    free.push(session);
                }
            } else {
                open.remove(session);
            }
        }
    }

    private Session take(Key key) {
        Deque<Session> free = idle.get(key);
        if (free == null) {
            return null;
        }
        synchronized (free) {
            while (!free.isEmpty()) {
                Session session = free.pop();
                if (session.alive()) {
                    return session;
                }
                open.remove(session);
            }
        }
        return null;
    }

    /** Ends every session's input: the shells exit. */
    @Override
    public void close() {
        open.forEach(Session::close);
        open.clear();
        idle.clear();
    }

    /** One shell: the tasks sent, the frames that come back, and how it ended. */
    private static final class Session {
        private final String host;
        private final Connection connection;
        private final Become become;
        private final SessionFrames frames;
        private final ShellSession shell;
        private final CompletableFuture<ExecResult> ended = new CompletableFuture<>();
        private volatile boolean connectionLost;
        private volatile CompletableFuture<SessionFrames.Frame> awaited;
        private int sent;

        Session(String host, Connection connection, Become become) {
            this.host = host;
            this.connection = connection;
            this.become = become;
            String nonce = nonce();
            this.frames = new SessionFrames(nonce, frame -> {
                CompletableFuture<SessionFrames.Frame> waiting = awaited;
                if (waiting != null) {
                    waiting.complete(frame);
                }
            });
            this.shell = connection.openSession(become, new OutputWatcher() {
                @Override
                public void stdout(byte[] bytes, int length) {
                    frames.stdout(bytes, length);
                }

                @Override
                public void stderr(byte[] bytes, int length) {
                    frames.stderr(bytes, length);
                }

                @Override
                public void ended(ExecResult how, boolean lost) {
                    connectionLost = lost;
                    ended.complete(how);
                }
            });
            sendOrEnd(SessionScript.opening(nonce));
        }

        boolean alive() {
            return !ended.isDone();
        }

        ExecResult run(String environment, String taskPart, byte[] stdin, Duration timeout) {
            long start = System.nanoTime();
            CompletableFuture<SessionFrames.Frame> frame = new CompletableFuture<>();
            awaited = frame;
            sendOrEnd(SessionScript.task(++sent, environment, taskPart, stdin.length == 0 ? null : stdin));
            boolean limited = timeout != null && !timeout.isZero() && !timeout.isNegative();
            try {
                CompletableFuture.anyOf(frame, ended).get(limited ? timeout.toMillis() : Long.MAX_VALUE, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return timedOut(timeout, start);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MusterException(host + ": interrupted while a task ran");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (frame.isDone()) {
                SessionFrames.Frame done = frame.join();
                return new ExecResult(done.exitCode(), done.stdout(), done.stderr(), elapsed);
            }
            return diedDuringTask(elapsed);
        }

        /** Sends to the shell; when it is gone, waits (briefly) to learn how it ended, which the task then reports. */
        private void sendOrEnd(String text) {
            try {
                shell.send(text);
            } catch (UnreachableException e) {
                throw e;
            } catch (MusterException e) {
                try {
                    ended.get(10, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException ignored) {
                    // reported below from what is known
                }
                if (!ended.isDone()) {
                    ended.complete(new ExecResult(Connection.EXIT_KILLED, "", e.getMessage() + "\n", Duration.ZERO));
                }
            }
        }

        /** The shell ended before the task's frame: the connection dropped, sudo refused, or the shell was killed. */
        private ExecResult diedDuringTask(Duration elapsed) {
            if (connectionLost) {
                throw new UnreachableException(host, "connection lost while a task was running", null);
            }
            ExecResult how = ended.join();
            String stderr = frames.pendingStderr();
            if (!how.stderr().isBlank()) {
                stderr = appendLine(stderr, how.stderr().strip());
            }
            return new ExecResult(how.exitCode(), frames.pendingStdout(), stderr, elapsed);
        }

        /** The task outlived its time: the session goes (with all the task started), and the task fails. */
        private ExecResult timedOut(Duration timeout, long start) {
            SessionFrames.Start started = frames.start();
            if (started != null && started.pid() > 0) {
                long pid = "timeout".equals(started.parentName()) ? started.parentPid() : started.pid();
                try {
                    connection.exec("kill -TERM " + pid, null, become, Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    // the session is abandoned below either way
                }
            }
            shell.close();
            try {
                ended.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                ended.complete(new ExecResult(Connection.EXIT_TIMED_OUT, "", "", Duration.ZERO)); // abandoned
            }
            return new ExecResult(Connection.EXIT_TIMED_OUT, frames.pendingStdout(),
                    appendLine(frames.pendingStderr(), "command timed out after " + timeout.toSeconds() + " s and was ended"),
                    Duration.ofNanos(System.nanoTime() - start));
        }

        void close() {
            shell.close();
        }

        private static String appendLine(String text, String line) {
            return text.isEmpty() || text.endsWith("\n") ? text + line + "\n" : text + "\n" + line + "\n";
        }

        private static String nonce() {
            byte[] bytes = new byte[12];
            RANDOM.nextBytes(bytes);
            return HexFormat.of().formatHex(bytes);
        }
    }
}
