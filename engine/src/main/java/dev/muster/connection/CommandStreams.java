package dev.muster.connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The conversation with one running command, the same over SSH and locally: stdout and stderr are drained
 * in the background (a command that writes a lot while we still send its stdin would otherwise block both
 * sides), stdin is sent, and under become the sudo exchange is handled on stderr:
 * the password is answered once to the marked prompt, a second prompt means the password was wrong,
 * and nothing is sent on stdin before the ready marker shows that sudo has let us in.
 */
final class CommandStreams {

    private static final int CHUNK = 32 * 1024;
    private static final int INLINE_STDIN = 16 * 1024;

    private final ShellCommand command;
    /** What the command's bootstrap reads first: its script (empty for a conversation). */
    private final byte[] script;
    /** The command's own input, sent after the script; never copied (it may be a large file's content). */
    private final byte[] stdin;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    /** Completes true when the script runs (ready marker seen, or no sudo), false when sudo refused. */
    private final CompletableFuture<Boolean> ready = new CompletableFuture<>();
    private final CountDownLatch drained = new CountDownLatch(2);
    private volatile String becomeFailure;
    private volatile SendWindow window = SendWindow.UNLIMITED;
    private final OutputWatcher watcher;
    /** Ends the command at once; set by start. */
    private volatile Runnable abort;
    /** A conversation (a shell session): stdin is sent piece by piece with send(), output goes only to the watcher. */
    private final boolean conversation;
    /** The command's stdin, once started (a local process starts asynchronously: a first send may come before). */
    private final CompletableFuture<OutputStream> toCommand = new CompletableFuture<>();

    CommandStreams(ShellCommand command, byte[] stdin) {
        this(command, stdin, OutputWatcher.NONE, false);
    }

    private CommandStreams(ShellCommand command, byte[] stdin, OutputWatcher watcher, boolean conversation) {
        this.command = command;
        this.script = command.scriptInput();
        this.stdin = stdin == null ? new byte[0] : stdin;
        this.watcher = watcher == null ? OutputWatcher.NONE : watcher;
        this.conversation = conversation;
        if (!command.becomes()) {
            ready.complete(true);
        }
    }

    /**
     * The streams of a long-lived shell: its input is sent with {@link #send} as the caller goes, and its output
     * is handed to {@code watcher} only (a session lasts the whole run: keeping its output would only grow).
     */
    static CommandStreams conversation(ShellCommand command, OutputWatcher watcher) {
        return new CommandStreams(command, null, watcher, true);
    }

    /**
     * Starts draining the command's output and sending its stdin on {@code pool}.
     *
     * @param abort ends the command at once (used when sudo rejects the password: waiting would hang)
     */
    void start(OutputStream toCommand, InputStream fromStdout, InputStream fromStderr, ExecutorService pool, Runnable abort) {
        start(toCommand, fromStdout, fromStderr, pool, abort, SendWindow.UNLIMITED);
    }

    /** As above, sending stdin only as fast as {@code window} allows (see {@link SendWindow} for why). */
    void start(OutputStream toCommand, InputStream fromStdout, InputStream fromStderr, ExecutorService pool, Runnable abort,
               SendWindow window) {
        this.window = window;
        this.abort = abort;
        this.toCommand.complete(toCommand);
        pool.execute(() -> drain(fromStdout, stdout, watcher::stdout));
        pool.execute(() -> watchStderr(fromStderr, toCommand, abort));
        if (conversation) {
            return;
        }
        if (script.length + stdin.length <= INLINE_STDIN && !command.stdinWaitsForSudo()) {
            // fits in the channel's window (OpenSSH opens with 2 MiB): writing cannot block, so spare a thread
            sendStdin(toCommand);
        } else {
            pool.execute(() -> sendStdin(toCommand));
        }
    }

    /** Waits until both output streams have ended; false when the wait timed out. */
    boolean awaitOutput(long timeout, TimeUnit unit) throws InterruptedException {
        return drained.await(timeout, unit);
    }

    /** The caller gave up on the command (timeout): nothing more will be sent to it. */
    void cancel() {
        ready.complete(false);
    }

    /** Why sudo did not run the script, or null. */
    String becomeFailure() {
        return becomeFailure;
    }

    String stdout() {
        synchronized (stdout) {
            return stdout.toString(StandardCharsets.UTF_8);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8);
        }
    }

    private void sendStdin(OutputStream toCommand) {
        try {
            if (command.stdinWaitsForSudo() && !ready.join()) {
                return;
            }
            // the script first (the command's bootstrap reads exactly its bytes), then the command's own input
            if (write(toCommand, script) && write(toCommand, stdin) && window.stillWanted()) {
                toCommand.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The command ended without reading all of its stdin (it need not); its exit code tells the rest.
        }
    }

    /** Writes {@code bytes} as fast as the window allows; false when the command stopped wanting input. */
    private boolean write(OutputStream toCommand, byte[] bytes) throws IOException, InterruptedException {
        int idle = 0;
        for (int offset = 0; offset < bytes.length; ) {
            if (!window.stillWanted()) {
                return false;
            }
            long room = window.available();
            if (room <= 0) {
                // the target has not taken the last window yet: wait outside the SSH library, briefly
                Thread.sleep(Math.min(10, ++idle));
                continue;
            }
            idle = 0;
            int length = (int) Math.min(Math.min(CHUNK, room), bytes.length - offset);
            toCommand.write(bytes, offset, length);
            toCommand.flush();
            offset += length;
        }
        return true;
    }

    /**
     * A conversation's next input, once sudo has let us in.
     *
     * @throws IOException when the shell is gone (or sudo refused)
     */
    void send(byte[] bytes) throws IOException {
        if (command.stdinWaitsForSudo() && !ready.join()) {
            throw new IOException(becomeFailure != null ? becomeFailure : "the shell did not start");
        }
        try {
            if (!write(toCommand.get(30, TimeUnit.SECONDS), bytes)) {
                throw new IOException("the shell has ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the shell did not start", e);
        }
    }

    /** Ends a conversation's input: the shell exits once it has run what it was sent. */
    void closeInput() {
        try {
            OutputStream out = toCommand.getNow(null);
            if (out != null) {
                out.close();
            }
        } catch (IOException | RuntimeException e) {
            // already closed by the other side
        }
    }

    private interface Chunks {
        void accept(byte[] bytes, int length);
    }

    private void drain(InputStream in, ByteArrayOutputStream sink, Chunks seen) {
        try {
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (!conversation) {
                    synchronized (sink) {
                        sink.write(buffer, 0, n);
                    }
                }
                watch(seen, buffer, n);
            }
        } catch (IOException | RuntimeException e) {
            // The stream was cut (timeout or abort): what arrived is kept.
        } finally {
            drained.countDown();
        }
    }

    /**
     * A watcher's mistake must not stop the draining: the command would block on a full pipe. For a command, the
     * complete output is still collected and the watcher only misses this chunk. A conversation's output goes to its
     * watcher only, so a lost chunk could be a frame that ends a task: the session can no longer be trusted, and it is
     * ended at once (its owner sees the session die, as when the shell dies) rather than left to hang.
     */
    private void watch(Chunks seen, byte[] bytes, int length) {
        try {
            seen.accept(bytes, length);
        } catch (RuntimeException e) {
            Runnable end = abort;
            if (conversation && end != null) {
                end.run();
            }
        }
    }

    private void watchStderr(InputStream in, OutputStream toCommand, Runnable abort) {
        if (!command.becomes()) {
            drain(in, stderr, watcher::stderr);
            return;
        }
        // Until the ready marker shows, stderr is sudo's; ISO-8859-1 maps bytes 1:1 so offsets stay exact.
        StringBuilder sudoText = new StringBuilder();
        String readyLine = command.readyMarker() + "\n";
        int passwordsSent = 0;
        try {
            byte[] buffer = new byte[CHUNK];
            for (int n; (n = in.read(buffer)) != -1; ) {
                if (ready.isDone()) {
                    if (!conversation) {
                        synchronized (stderr) {
                            stderr.write(buffer, 0, n);
                        }
                    }
                    watch(watcher::stderr, buffer, n);
                    continue;
                }
                sudoText.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                int at = sudoText.indexOf(readyLine);
                if (at >= 0) {
                    byte[] rest = sudoText.substring(at + readyLine.length()).getBytes(StandardCharsets.ISO_8859_1);
                    if (!conversation) {
                        synchronized (stderr) {
                            stderr.write(rest, 0, rest.length);
                        }
                    }
                    watch(watcher::stderr, rest, rest.length);
                    ready.complete(true);
                    continue;
                }
                int prompts = command.promptMarker() == null ? 0 : count(sudoText, command.promptMarker());
                if (prompts > passwordsSent) {
                    if (passwordsSent > 0) {
                        fail("become: incorrect sudo password", abort);
                        return;
                    }
                    toCommand.write((command.become().password() + "\n").getBytes(StandardCharsets.UTF_8));
                    toCommand.flush();
                    passwordsSent++;
                }
            }
            if (!ready.isDone()) {
                fail(describeSudoFailure(sudoText.toString()), null);
            }
        } catch (IOException | RuntimeException e) {
            if (!ready.isDone()) {
                fail(describeSudoFailure(sudoText.toString()), null);
            }
        } finally {
            drained.countDown();
        }
    }

    private void fail(String reason, Runnable abort) {
        becomeFailure = reason;
        ready.complete(false);
        if (abort != null) {
            abort.run();
        }
    }

    private String describeSudoFailure(String sudoText) {
        String text = command.promptMarker() == null ? sudoText : sudoText.replace(command.promptMarker(), "");
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("password is required")) {
            return "become: a password is required";
        }
        if (lower.contains("incorrect password") || lower.contains("sorry, try again")) {
            return "become: incorrect sudo password";
        }
        String firstLine = text.strip().lines().findFirst().orElse("sudo ended without running the command");
        return "become: sudo failed: " + firstLine;
    }

    private static int count(CharSequence text, String marker) {
        int count = 0;
        for (int at = text.toString().indexOf(marker); at >= 0; at = text.toString().indexOf(marker, at + marker.length())) {
            count++;
        }
        return count;
    }
}
