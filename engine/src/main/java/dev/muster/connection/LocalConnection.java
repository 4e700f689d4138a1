package dev.muster.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.ExecuteStreamHandler;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.Watchdog;

/**
 * Runs scripts on the controller itself ({@code ansible_connection: local}) with the same semantics as SSH:
 * {@code sh -c}, stdin, become through sudo, a timeout that ends the command and all its children, and shell
 * sessions.
 */
public final class LocalConnection implements Connection {

    private final ExecutorService pool;

    public LocalConnection(ExecutorService pool) {
        this.pool = pool;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin, Become become, Duration timeout) {
        // No timeout(1) here: the watchdog below ends the whole process tree itself.
        return run(ShellCommand.of(script, become, null), stdin, timeout);
    }

    @Override
    public ShellSession openSession(Become become, OutputWatcher watcher) {
        ShellCommand command = ShellCommand.session(become);
        CommandStreams streams = CommandStreams.conversation(command, watcher);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(null);
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        executor.setStreamHandler(new StreamHandler(streams, pool, watchdog));
        try {
            executor.execute(commandLine(command), new ExecuteResultHandler() {
                @Override
                public void onProcessComplete(int exitValue) {
                    watcher.ended(ended(exitValue), false);
                }

                @Override
                public void onProcessFailed(ExecuteException e) {
                    watcher.ended(ended(e.getExitValue()), false);
                }

                private ExecResult ended(int exit) {
                    String failure = streams.becomeFailure();
                    return failure != null ? new ExecResult(EXIT_BECOME_FAILED, "", failure, Duration.ZERO)
                            : new ExecResult(exit, "", "", Duration.ZERO);
                }
            });
        } catch (IOException e) {
            throw new UnreachableException("localhost", "cannot run sh: " + e.getMessage(), e);
        }
        return new StreamSession(streams, e -> new dev.muster.error.MusterException("localhost: the shell session ended: " + e.getMessage()));
    }

    private static CommandLine commandLine(ShellCommand command) {
        CommandLine line = new CommandLine(command.argv().get(0));
        for (String word : command.argv().subList(1, command.argv().size())) {
            line.addArgument(word, false);
        }
        return line;
    }

    private ExecResult run(ShellCommand command, byte[] stdin, Duration timeout) {
        CommandLine line = commandLine(command);
        CommandStreams streams = new CommandStreams(command, stdin);
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(timeout);
        DefaultExecutor executor = DefaultExecutor.builder().get();
        executor.setExitValues(null);
        executor.setWatchdog(watchdog);
        executor.setStreamHandler(new StreamHandler(streams, pool, watchdog));
        long start = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(line);
        } catch (ExecuteException e) {
            exit = e.getExitValue();
        } catch (IOException e) {
            Process started = watchdog.process();
            if (started == null || started.isAlive()) {
                throw new UnreachableException("localhost", "cannot run sh: " + e.getMessage(), e);
            }
            // The command ran and ended; commons-exec failed only closing its stdin, which holds input the script
            // never read (copy stops reading when the file is already right): its exit status stands.
            exit = started.exitValue();
        }
        boolean timedOut = watchdog.killedProcess();
        if (timedOut) {
            streams.cancel();
        }
        try {
            streams.awaitOutput(timedOut ? 1 : 10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (timedOut) {
            return new ExecResult(EXIT_TIMED_OUT, streams.stdout(), SshConnection.appendLine(streams.stderr(),
                    "command timed out after " + timeout.toSeconds() + " s and was ended"), elapsed);
        }
        if (streams.becomeFailure() != null) {
            return new ExecResult(EXIT_BECOME_FAILED, "", streams.becomeFailure(), elapsed);
        }
        return new ExecResult(exit, streams.stdout(), streams.stderr(), elapsed);
    }

    @Override
    public void close() {
        // nothing held open
    }

    /** Hands the process's pipes to {@link CommandStreams}; commons-exec waits for the exit, we wait for the output. */
    private static final class StreamHandler implements ExecuteStreamHandler {
        private final CommandStreams streams;
        private final ExecutorService pool;
        private final TreeKillingWatchdog watchdog;
        private OutputStream in;
        private InputStream out;
        private InputStream err;

        StreamHandler(CommandStreams streams, ExecutorService pool, TreeKillingWatchdog watchdog) {
            this.streams = streams;
            this.pool = pool;
            this.watchdog = watchdog;
        }

        @Override
        public void setProcessInputStream(OutputStream os) {
            in = os;
        }

        @Override
        public void setProcessOutputStream(InputStream is) {
            out = is;
        }

        @Override
        public void setProcessErrorStream(InputStream is) {
            err = is;
        }

        @Override
        public void start() {
            streams.start(in, out, err, pool, watchdog::killTree);
        }

        @Override
        public void stop() {
            // commons-exec closes the pipes right after this: what is still unread in them must be read first
            try {
                streams.awaitOutput(watchdog.killedProcess() ? 1 : 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** On timeout, ends the command's children too (sh does not pass the signal on, so a `sleep` would live on). */
    private static final class TreeKillingWatchdog extends ExecuteWatchdog {
        private volatile Process process;

        TreeKillingWatchdog(Duration timeout) {
            super(timeout == null || timeout.isZero() || timeout.isNegative() ? INFINITE_TIMEOUT : timeout.toMillis());
        }

        @Override
        public synchronized void start(Process process) {
            this.process = process;
            super.start(process);
        }

        Process process() {
            return process;
        }

        @Override
        public synchronized void timeoutOccured(Watchdog w) {
            List<ProcessHandle> children = descendants();
            super.timeoutOccured(w);
            children.forEach(ProcessHandle::destroyForcibly);
        }

        void killTree() {
            List<ProcessHandle> children = descendants();
            Process p = process;
            if (p != null) {
                p.destroyForcibly();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }

        /** Taken before the parent dies: orphans are re-parented and could no longer be found from it. */
        private List<ProcessHandle> descendants() {
            Process p = process;
            return p == null ? List.of() : p.descendants().collect(Collectors.toList());
        }
    }
}
