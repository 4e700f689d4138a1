package dev.muster.module.script;

import dev.muster.shell.Shell;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Several module scripts as one script for one round trip: the prelude's functions are defined once, then
 * each task runs in a subshell of its own (its state, traps and exit are its own), with stdin from
 * /dev/null because sh reads this very script from stdin. After each task the driver prints a frame,
 * {@code @@mb-NONCE@@ INDEX RC}, on stdout and on stderr, so {@link BatchFrames} can tell each task's
 * output from the next one's, and stops where the linear strategy would stop the host: after a failed task
 * (unless its failure is ignored), after a loop in which an item failed.
 *
 * <p>A task's input (file content, a command's stdin) rides inside the script as one quoted shell word in
 * {@code mu_in}: a builtin printf hands it over only when the task needs it, so an unchanged file costs
 * nothing. Input that is not text (NUL, invalid UTF-8) or is large goes alone, on stdin, instead.
 *
 * <p>The nonce is random per batch and travels only inside the script, which no other process can read, so
 * a command's output cannot fake a frame. A USR1 to the driver (its pid is in the start frame) lets the
 * task that runs end and starts no more: that is how Ctrl-C stops a batch without cutting a task short.
 */
public final class BatchScript {

    /** The largest input that rides inside a batch; larger input is sent alone, streamed on stdin. */
    public static final int MAX_INLINE_INPUT = 256 * 1024;

    /** What the driver does when a script of the batch fails. */
    public enum AfterFailure {
        /** Stop: the host fails at this task. */
        STOP("0"),
        /** Go on (ignore_errors). */
        GO_ON("1"),
        /** A loop item: go on with the loop's next item, remembering the failure. */
        NEXT_ITEM("2"),
        /** A loop's last item: stop if it or an earlier item of the loop failed. */
        END_OF_LOOP("3");

        private final String word;

        AfterFailure(String word) {
            this.word = word;
        }
    }

    /**
     * One script of a batch: a task, or one item of a task's loop.
     *
     * @param taskPart     the module script without the prelude ({@link ModuleScript#taskPart})
     * @param environment  exports that come first, or ""
     * @param input        the script's input data, or null for none; must satisfy {@link #canCarry}
     * @param afterFailure what the driver does when this script fails
     */
    public record Item(String taskPart, String environment, byte[] input, AfterFailure afterFailure) {
    }

    private BatchScript() {
    }

    /** Whether {@code input} can ride inside a batch script: small UTF-8 text without NUL. */
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

    /** The driver script for {@code items}, in order; {@code nonce} must be [0-9a-f]+. */
    public static String build(String nonce, List<Item> items) {
        if (!nonce.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException("nonce must be lowercase hex");
        }
        StringBuilder text = new StringBuilder(ModuleScript.PRELUDE.length() + items.size() * 1024);
        text.append(ModuleScript.PRELUDE);
        text.append("mu_b=").append(nonce).append('\n');
        text.append("mu_stop=\n");
        text.append("trap 'mu_stop=1' USR1\n");
        // The parent's name tells the controller whether timeout(1) leads the process group (then ending it ends all).
        text.append("mu_pc=; read -r mu_pc 2>/dev/null </proc/$PPID/comm\n");
        text.append("printf '@@mb-%s@@ start %s %s %s\\n' \"$mu_b\" \"$$\" \"$PPID\" \"$mu_pc\"\n");
        text.append("printf '@@mb-%s@@ start\\n' \"$mu_b\" >&2\n");
        text.append("mu_end() {\n");
        text.append("  mu_r=$?\n");
        text.append("  printf '\\n@@mb-%s@@ %s %s\\n' \"$mu_b\" \"$1\" \"$mu_r\"\n");
        text.append("  printf '\\n@@mb-%s@@ %s %s\\n' \"$mu_b\" \"$1\" \"$mu_r\" >&2\n");
        text.append("  [ -z \"$mu_stop\" ] || exit 0\n");
        text.append("  case $2 in\n");
        text.append("    1) ;;\n");
        text.append("    2) [ \"$mu_r\" = 0 ] || mu_lf=1 ;;\n");
        text.append("    3) { [ \"$mu_r\" = 0 ] && [ -z \"$mu_lf\" ]; } || exit 0; mu_lf= ;;\n");
        text.append("    *) [ \"$mu_r\" = 0 ] || exit 0 ;;\n");
        text.append("  esac\n");
        text.append("}\n");
        text.append("mu_lf=\n");
        int index = 0;
        for (Item item : items) {
            index++;
            if (!canCarry(item.input())) {
                throw new IllegalArgumentException("task " + index + ": its input cannot ride inside a batch");
            }
            text.append("(\n");
            text.append(item.environment());
            if (item.input() != null) {
                text.append("mu_in=").append(Shell.quote(new String(item.input(), StandardCharsets.UTF_8))).append('\n');
            }
            text.append(item.taskPart());
            text.append(") </dev/null\n");
            text.append("mu_end ").append(index).append(' ').append(item.afterFailure().word).append('\n');
        }
        text.append("exit 0\n");
        return text.toString();
    }
}
