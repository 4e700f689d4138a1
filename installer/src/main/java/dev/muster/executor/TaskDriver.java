package dev.muster.executor;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.OutputWatcher;
import dev.muster.module.ExecResult;
import dev.muster.module.RemoteAction;
import dev.muster.module.script.BatchFrames;
import dev.muster.module.script.BatchScript;
import dev.muster.module.script.ModuleScript;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Module scripts sent as one driver script ({@link BatchScript}) read by sh from stdin, and the driver's output
 * turned back into each task's own result. Used for every batch, and for a task sent alone whose script can
 * travel that way (loops, retries, delegate_to): the script then never shows in the target's process list.
 */
final class TaskDriver {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TaskDriver() {
    }

    /** A fresh frame nonce: random, so that no command's output can fake a frame. */
    static String nonce() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static BatchScript.Item item(String environment, RemoteAction action, BatchScript.AfterFailure afterFailure) {
        return new BatchScript.Item(ModuleScript.taskPart(action.script()), environment,
                action.stdin().length == 0 ? null : action.stdin(), afterFailure);
    }

    /** Hands a driver's output to its frame reader as it arrives. */
    static OutputWatcher feeding(BatchFrames frames) {
        return new OutputWatcher() {
            @Override
            public void stdout(byte[] bytes, int length) {
                frames.stdout(bytes, length);
            }

            @Override
            public void stderr(byte[] bytes, int length) {
                frames.stderr(bytes, length);
            }
        };
    }

    /**
     * What the task that was running returned when the driver ended before its frame: what it printed, and the
     * driver's exit status with the connection's own explanation (sudo refused, timed out, killed), if any.
     *
     * @param note a line for stderr of the controller's own (why it ended the task), or null
     */
    static ExecResult unfinished(BatchFrames frames, ExecResult whole, String note, int exitCode, Duration elapsed) {
        String stderr = frames.pendingStderr();
        int code = whole.exitCode();
        if (code == Connection.EXIT_BECOME_FAILED || code == Connection.EXIT_TIMED_OUT || code == Connection.EXIT_KILLED) {
            stderr = appendLine(stderr, whole.stderr().strip());
        }
        if (note != null) {
            stderr = appendLine(stderr, note);
        }
        return new ExecResult(exitCode, frames.pendingStdout(), stderr, elapsed);
    }

    /** One task as a driver of its own: its result as if its script had run alone. */
    static ExecResult runOne(Connection connection, String environment, RemoteAction action, Become become, Duration timeout) {
        String nonce = nonce();
        AtomicReference<BatchFrames.Frame> done = new AtomicReference<>();
        BatchFrames frames = new BatchFrames(nonce, done::set);
        String script = BatchScript.build(nonce, List.of(item(environment, action, BatchScript.AfterFailure.GO_ON)));
        ExecResult whole = connection.execFromStdin(script, become, timeout, feeding(frames));
        BatchFrames.Frame frame = done.get();
        if (frame == null) {
            return unfinished(frames, whole, null, whole.exitCode(), whole.elapsed());
        }
        return new ExecResult(frame.exitCode(), frame.stdout(), frame.stderr(), whole.elapsed());
    }

    static String appendLine(String text, String line) {
        if (line == null || line.isEmpty()) {
            return text;
        }
        return text.isEmpty() || text.endsWith("\n") ? text + line + "\n" : text + "\n" + line + "\n";
    }
}
