package dev.muster.module.script;

import dev.muster.shell.Shell;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What a shell session (sh reading stdin) is fed: first an opening that defines the prelude's functions once
 * and prints a start frame, then one piece per task. Each task runs in a subshell of its own (its state, traps
 * and exit are its own) with stdin from /dev/null, since sh reads the session itself from stdin; after it, a
 * frame {@code @@mb-NONCE@@ INDEX RC} on stdout and on stderr lets {@link SessionFrames} tell this task's
 * output from the next one's.
 *
 * <p>A task's input (file content, a command's stdin) rides inside as one quoted shell word in {@code mu_in}:
 * a builtin printf hands it over only when the task needs it, so an unchanged file costs nothing. Input that
 * is not text (NUL, invalid UTF-8) or is large goes as a command of its own, on stdin, instead.
 *
 * <p>The nonce is random per session and travels only on the session's stdin, which no other process can
 * read, so a command's output cannot fake a frame.
 */
public final class SessionScript {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The largest input that rides inside a session; larger input is sent as a command of its own. */
    public static final int MAX_INLINE_INPUT = 256 * 1024;

    private SessionScript() {
    }

    /** Whether {@code input} can ride inside a session: small UTF-8 text without NUL. */
    public static boolean canCarry(byte[] input) {
        if (input == null || input.length == 0) {
            return true;
        }
        if (input.length > MAX_INLINE_INPUT) {
            return false;
        }
        for (byte b : input) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /**
     * The session's first piece: the prelude's functions, the frame printer, and a start frame that tells the
     * shell's pid, its parent's pid and the parent's name (timeout(1), when it leads the process group).
     *
     * @param nonce lowercase hex, random per session
     */
    public static String opening(String nonce) {
        if (!nonce.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("nonce must be lowercase hex");
        }
        return ModuleScript.PRELUDE
                + "mu_b=" + nonce + "\n"
                // read once here: a task that writes a file needs it, and $(umask) is a process
                + "mu_um=$(umask)\n"
                + "mu_pc=; read -r mu_pc 2>/dev/null </proc/$PPID/comm\n"
                + "printf '@@mb-%s@@ start %s %s %s\\n' \"$mu_b\" \"$$\" \"$PPID\" \"$mu_pc\"\n"
                + "printf '@@mb-%s@@ start\\n' \"$mu_b\" >&2\n"
                + "mu_end() {\n"
                + "  mu_r=$?\n"
                + "  printf '\\n@@mb-%s@@ %s %s\\n' \"$mu_b\" \"$1\" \"$mu_r\"\n"
                + "  printf '\\n@@mb-%s@@ %s %s\\n' \"$mu_b\" \"$1\" \"$mu_r\" >&2\n"
                + "}\n";
    }

    /**
     * One task: its environment and input, then its module script without the prelude, in a subshell; then its frame.
     *
     * @param taskPart the module script without the prelude ({@link ModuleScript#taskPart})
     * @param input    the task's input data, or null; must satisfy {@link #canCarry}
     */
    public static String task(int index, String environment, String taskPart, byte[] input) {
        if (!canCarry(input)) {
            throw new IllegalArgumentException("this input cannot ride inside a session");
        }
        StringBuilder text = new StringBuilder(taskPart.length() + environment.length() + 64 + (input == null ? 0 : input.length));
        text.append("(\n").append(environment);
        // the name of the task's temporary file (prelude's mu_mktemp), which the shell then creates without mktemp
        text.append("mu_tn=").append(token()).append('\n');
        if (input != null) {
            text.append("mu_in=").append(Shell.quote(new String(input, StandardCharsets.UTF_8))).append('\n');
        }
        text.append(taskPart);
        text.append(") </dev/null\n");
        text.append("mu_end ").append(index).append('\n');
        return text.toString();
    }

    /**
     * A random name part per task: a temporary file the shell creates must have a name nobody can guess before it
     * exists (the shell's noclobber refuses an existing file, but would open a FIFO or device put there).
     */
    private static String token() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
