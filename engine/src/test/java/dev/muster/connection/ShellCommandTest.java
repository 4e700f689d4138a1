package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellCommandTest {

    /** Unique per run, so that a concurrent build running the same test cannot be mistaken for ours. */
    private static final String LONG_SLEEP = "sleep " + (100000 + new java.util.Random().nextInt(900000));

    private static final List<String> NASTY_SCRIPTS = List.of(
            "echo plain",
            "printf '%s|' \"it's\" '$HOME' 'a  b' \"$0\"; echo",
            "x=`echo back`; echo \"$x\" $(echo sub) \\$notvar; echo 'single \"double\" inside'",
            "for i in 1 2; do echo \"$i\"; done\necho 'new\nline'; exit 7",
            "echo 'héllo ✓' ; echo \"tab\there\" ; echo ';&|<>*?[]{}~#!%^'");

    @Test
    void theScriptTravelsOnStdinNeverOnTheCommandLine() {
        ShellCommand command = ShellCommand.of("export PGPASSWORD='s3cret'; echo hi", null, null, "n0nce");
        assertEquals(List.of("sh", "-c"), command.argv().subList(0, 2));
        assertFalse(command.line().contains("s3cret"), command.line());
        assertTrue(new String(command.scriptInput(), StandardCharsets.UTF_8).startsWith("export PGPASSWORD='s3cret'; echo hi\n"));
        assertFalse(command.becomes());
        assertNull(command.readyMarker());
    }

    @Test
    void theLoginShellRunsTheScriptVerbatimAndItsCommandsReadTheInputAfterIt() throws Exception {
        byte[] data = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        for (String script : NASTY_SCRIPTS) {
            Run direct = run(data, "sh", "-c", script + "\ncat");
            for (Duration timeout : new Duration[] {null, Duration.ofSeconds(30)}) {
                ShellCommand command = ShellCommand.of(script + "\ncat", null, timeout, "n");
                // sshd hands the line to the login shell as `$SHELL -c line`: try both usual shells
                for (String loginShell : List.of("bash", "sh")) {
                    Run viaLine = run(concat(command.scriptInput(), data), loginShell, "-c", command.line());
                    assertEquals(direct, viaLine, script + " via " + loginShell + " with timeout " + timeout);
                }
            }
        }
    }

    @Test
    void aScriptThatDidNotArriveWholeNeverRuns() throws Exception {
        ShellCommand command = ShellCommand.of("echo first\necho second", null, null, "n");
        byte[] whole = command.scriptInput();
        for (int cut : new int[] {0, 6, 11, whole.length - 1}) {
            Run run = run(java.util.Arrays.copyOf(whole, cut), "sh", "-c", command.line());
            assertEquals(125, run.exit(), "cut at " + cut);
            assertFalse(run.out().contains("first"), "cut at " + cut + ": " + run.out());
        }
    }

    @Test
    void becomeWithoutPasswordUsesSudoNonInteractive() {
        ShellCommand command = ShellCommand.of("id -u", new Become("app", null), null, "abc123");
        assertEquals(List.of("sudo", "-H", "-n", "-u", "app", "--", "sh", "-c",
                "echo MUSTER-BECOME-OK-abc123 >&2; exec sh -c \"$1\"", "sh"), command.argv().subList(0, 10));
        assertFalse(command.line().contains("id -u"), command.line());
        assertNull(command.promptMarker());
        assertFalse(command.stdinWaitsForSudo());
    }

    @Test
    void becomeWithPasswordUsesAMarkedPromptAndNeverPutsThePasswordInTheCommand() {
        ShellCommand command = ShellCommand.of("id -u", Become.root("s3cret pw"), Duration.ofMillis(2500), "abc123");
        assertEquals(List.of("sudo", "-H", "-S", "-p", "[muster-sudo-abc123] password: ", "-u", "root", "--"),
                command.argv().subList(0, 8));
        assertFalse(command.line().contains("s3cret"));
        assertFalse(command.promptMarker().contains("%"), "sudo would expand %-escapes in the prompt");
        assertTrue(command.stdinWaitsForSudo());
        assertTrue(command.line().contains("timeout -k 5 3 sh -c"), command.line());
        assertFalse(Become.root("s3cret pw").toString().contains("s3cret"));
    }

    @Test
    void markersAreRandomPerCommand() {
        ShellCommand one = ShellCommand.of("true", Become.root("pw"), null);
        ShellCommand two = ShellCommand.of("true", Become.root("pw"), null);
        assertNotEquals(one.readyMarker(), two.readyMarker());
        assertNotEquals(one.promptMarker(), two.promptMarker());
    }

    @Test
    void aTimeoutEndsTheWholeProcessGroupOnTheTarget() throws Exception {
        ShellCommand command = ShellCommand.of(LONG_SLEEP + "; echo never", null, Duration.ofSeconds(1), "n");
        // the sleep lasts days: that the command ends at all, with timeout's 124, shows the limit ended it
        Run result = run(command.scriptInput(), "bash", "-c", command.line());
        assertEquals(124, result.exit());
        assertEquals("", result.out());
        assertEquals(1, new ProcessBuilder("pgrep", "-f", "^" + LONG_SLEEP).start().waitFor(), "sleep was ended");
    }

    private record Run(int exit, String out) {
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Run run(byte[] stdin, String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            in.write(stdin);
        } catch (java.io.IOException e) {
            // the command ended without reading all of it (the truncated-script case may): its exit tells the rest
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out);
    }
}
