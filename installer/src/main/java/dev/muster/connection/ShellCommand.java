package dev.muster.connection;

import dev.muster.shell.Shell;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The command that runs a script with POSIX sh on a target, optionally through sudo.
 *
 * <p>The script is one argument of {@code sh -c}, never text for the login shell to interpret. Under become,
 * sudo runs a small sh that first prints {@link #readyMarker} on stderr and then runs the script: the marker
 * proves sudo let us in (so stdin may now be sent without sudo taking it for a password), and everything
 * before it on stderr (prompts, lectures) is sudo's, not the script's. The password prompt carries
 * {@link #promptMarker}, so it cannot be confused with output. Both markers are random per command.
 * The password itself is never part of the command: it is written to stdin when the prompt shows.
 *
 * @param argv         the words of the command
 * @param become       null when no sudo is involved
 * @param promptMarker sudo's password prompt, or null
 * @param readyMarker  the line printed once sudo has let us in, or null
 */
record ShellCommand(List<String> argv, Become become, String promptMarker, String readyMarker) {

    private static final SecureRandom RANDOM = new SecureRandom();

    ShellCommand {
        argv = List.copyOf(argv);
    }

    /** Seconds timeout(1) waits after its TERM before it sends KILL. */
    static final int KILL_GRACE_SECONDS = 5;

    static ShellCommand of(String script, Become become, Duration timeout) {
        return of(script, become, timeout, nonce());
    }

    /**
     * @param timeout when given, the script runs under timeout(1) on the target (when the target has it): that ends
     *                the script's whole process group, which closing the channel does not (sshd only signals
     *                sessions of non-root users, and then only the login shell).
     */
    static ShellCommand of(String script, Become become, Duration timeout, String nonce) {
        String runner = runner(timeout);
        if (become == null) {
            List<String> argv = runner == null ? List.of("sh", "-c", script) : List.of("sh", "-c", runner, "sh", script);
            return new ShellCommand(argv, null, null, null);
        }
        String ready = "MUSTER-BECOME-OK-" + nonce;
        List<String> argv = new ArrayList<>(List.of("sudo", "-H"));
        String prompt = null;
        if (become.password() == null) {
            argv.add("-n");
        } else {
            // No '%' in the prompt: sudo expands %-escapes in it.
            prompt = "[muster-sudo-" + nonce + "] password: ";
            argv.addAll(List.of("-S", "-p", prompt));
        }
        argv.addAll(List.of("-u", become.user() == null || become.user().isEmpty() ? "root" : become.user(), "--",
                "sh", "-c", "echo " + ready + " >&2; " + (runner == null ? "exec sh -c \"$1\"" : runner), "sh", script));
        return new ShellCommand(argv, become, prompt, ready);
    }

    /** Runs "$1" under timeout(1) when the target has it, else as it is; null without a timeout. */
    private static String runner(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            return null;
        }
        long seconds = (timeout.toMillis() + 999) / 1000;
        return "command -v timeout >/dev/null 2>&1 && exec timeout -k " + KILL_GRACE_SECONDS + " " + seconds
                + " sh -c \"$1\"; exec sh -c \"$1\"";
    }

    /** The command as one line for sshd to hand to the login shell: every word quoted. */
    String line() {
        return Shell.join(argv);
    }

    boolean becomes() {
        return become != null;
    }

    /** Stdin must wait for the ready marker: until then sudo may read it as the password. */
    boolean stdinWaitsForSudo() {
        return become != null && become.password() != null;
    }

    static String nonce() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
