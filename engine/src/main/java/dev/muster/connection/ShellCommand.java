package dev.muster.connection;

import dev.muster.shell.Shell;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The command that runs a script with POSIX sh on a target, optionally through sudo.
 *
 * <p>The script never appears on the target's command line, where {@code ps} would show it to every user with
 * whatever it carries (exported {@code environment:} values, module arguments): it travels on the command's
 * stdin, ahead of the command's own input ({@link #scriptInput}), and a fixed bootstrap of {@code sh -c} reads
 * exactly its bytes with {@code dd ibs=1} (one byte per read, so not a byte of the input after it is taken),
 * checks that it arrived whole (a random end marker: a truncated script must never run) and evals it; the
 * script's commands then read the rest of stdin as before. Under become,
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
 * @param scriptInput  what goes on stdin before the command's input: the script, for the bootstrap to read
 */
record ShellCommand(List<String> argv, Become become, String promptMarker, String readyMarker, byte[] scriptInput) {

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
     * @param timeout when given, the script runs under timeout(1) on the target: that ends the script's whole
     *                process group, which closing the channel does not (sshd signals only sessions of non-root
     *                users, and then only the login shell). Pass null when the target has no timeout(1).
     */
    static ShellCommand of(String script, Become become, Duration timeout, String nonce) {
        String end = "#muster-end-" + nonce;
        byte[] input = (script + "\n" + end).getBytes(StandardCharsets.UTF_8);
        String bootstrap = "mu_s=$(dd ibs=1 count=" + input.length + " 2>/dev/null); case $mu_s in *'\n" + end
                + "') ;; *) echo 'muster: the script did not arrive whole' >&2; exit 125;; esac; eval \"$mu_s\"";
        List<String> limit = limit(timeout);
        if (become == null) {
            List<String> argv = new ArrayList<>(limit);
            argv.addAll(List.of("sh", "-c", bootstrap));
            return new ShellCommand(argv, null, null, null, input);
        }
        String run = "exec " + (limit.isEmpty() ? "" : String.join(" ", limit) + " ") + "sh -c \"$1\"";
        return sudo(become, nonce, run, List.of("sh", bootstrap), input);
    }

    /**
     * A shell session: sh reading its commands from stdin as they come ({@code sh -s}), so nothing of them shows in
     * the target's process list. Where the target has timeout(1), sh runs under {@code timeout 0} (no deadline): it
     * leads the process group, so a TERM to it ends the shell and everything the shell started. Asking for it is a
     * builtin in the same command, not a round trip of its own. Under become with a password, input is sent once
     * the ready marker shows, as any stdin is.
     */
    static ShellCommand session(Become become) {
        String run = "command -v timeout >/dev/null 2>&1 && exec timeout 0 sh -s; exec sh -s";
        if (become == null) {
            return new ShellCommand(List.of("sh", "-c", run), null, null, null, new byte[0]);
        }
        return sudo(become, nonce(), run, List.of(), new byte[0]);
    }

    /**
     * sudo running {@code run} with sh, after the ready marker.
     *
     * @param args the words after sh -c's text ($0, $1, ...)
     */
    private static ShellCommand sudo(Become become, String nonce, String run, List<String> args, byte[] scriptInput) {
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
                "sh", "-c", "echo " + ready + " >&2; " + run));
        argv.addAll(args);
        return new ShellCommand(argv, become, prompt, ready, scriptInput);
    }

    /** The words that put a command under timeout(1): TERM when time is up, KILL a little later. */
    private static List<String> limit(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            return List.of();
        }
        long seconds = (timeout.toMillis() + 999) / 1000;
        return List.of("timeout", "-k", String.valueOf(KILL_GRACE_SECONDS), String.valueOf(seconds));
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
