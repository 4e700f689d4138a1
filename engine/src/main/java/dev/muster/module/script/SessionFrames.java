package dev.muster.module.script;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a shell session's output ({@link SessionScript}) as it arrives and cuts it into the tasks' own outputs.
 * A task is complete once its frame has shown on both stdout and stderr; completed tasks are handed to the
 * consumer in order, each with its exit status, its stdout and stderr.
 * Thread-safe: stdout and stderr are usually fed from two threads.
 */
public final class SessionFrames {

    /** One task's share of the session's output. */
    public record Frame(int index, int exitCode, String stdout, String stderr) {
    }

    /** What the start frame told: the shell's pid, its parent's pid and the parent's name (may be empty). */
    public record Start(long pid, long parentPid, String parentName) {
    }

    private final String marker;
    private final Consumer<Frame> completed;
    private final Stream out = new Stream();
    private final Stream err = new Stream();
    private volatile Start start;
    private int handed;

    public SessionFrames(String nonce, Consumer<Frame> completed) {
        this.marker = "@@mb-" + nonce + "@@ ";
        this.completed = completed;
    }

    public void stdout(byte[] bytes, int length) {
        feed(out, bytes, length);
    }

    public void stderr(byte[] bytes, int length) {
        feed(err, bytes, length);
    }

    /** The shell's start frame, or null before it arrived (or when the shell never ran). */
    public Start start() {
        return start;
    }

    /** Output after the last complete frame (the task that was running when the session ended), as text. */
    public synchronized String pendingStdout() {
        return out.rest();
    }

    public synchronized String pendingStderr() {
        return err.rest();
    }

    private synchronized void feed(Stream stream, byte[] bytes, int length) {
        stream.text.append(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        stream.scan(stream == out);
        while (!out.segments.isEmpty() && !err.segments.isEmpty()) {
            handed++;
            Segment o = out.segments.removeFirst();
            Segment e = err.segments.removeFirst();
            completed.accept(new Frame(handed, o.exitCode, o.text, e.text));
        }
    }

    private record Segment(int exitCode, String text) {
    }

    /** One stream's text since its last frame (ISO-8859-1, so character offsets are byte offsets). */
    private final class Stream {
        final StringBuilder text = new StringBuilder();
        boolean started;
        /** Frames seen on this stream whose partner on the other stream has not come yet. */
        final java.util.ArrayDeque<Segment> segments = new java.util.ArrayDeque<>();
        int searchFrom;

        void scan(boolean isStdout) {
            while (true) {
                if (!started) {
                    int at = text.indexOf(marker + "start");
                    int eol = at < 0 ? -1 : text.indexOf("\n", at);
                    if (eol < 0) {
                        return;
                    }
                    if (isStdout) {
                        start = parseStart(text.substring(at + marker.length() + "start".length(), eol).trim());
                    }
                    text.delete(0, eol + 1);
                    started = true;
                    searchFrom = 0;
                    continue;
                }
                int at = text.indexOf("\n" + marker, searchFrom);
                int eol = at < 0 ? -1 : text.indexOf("\n", at + 1);
                if (eol < 0) {
                    // keep looking from where a marker split across chunks could begin
                    searchFrom = Math.max(0, text.length() - marker.length() - 24);
                    return;
                }
                String[] words = text.substring(at + 1 + marker.length(), eol).trim().split(" ");
                int exitCode = words.length > 1 ? parseInt(words[1]) : -1;
                byte[] own = text.substring(0, at).getBytes(StandardCharsets.ISO_8859_1);
                segments.addLast(new Segment(exitCode, new String(own, StandardCharsets.UTF_8)));
                text.delete(0, eol + 1);
                searchFrom = 0;
            }
        }

        String rest() {
            return new String(text.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    private static Start parseStart(String words) {
        String[] parts = words.split(" ", 3);
        long pid = parts.length > 0 ? parseLong(parts[0]) : -1;
        long parent = parts.length > 1 ? parseLong(parts[1]) : -1;
        return new Start(pid, parent, parts.length > 2 ? parts[2].trim() : "");
    }

    private static int parseInt(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
