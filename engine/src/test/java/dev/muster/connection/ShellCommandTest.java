package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    void withoutBecomeTheScriptIsTheOnlyArgumentOfShC() {
        ShellCommand command = ShellCommand.of("echo hi", null, null, "n0nce");
        assertEquals(List.of("sh", "-c", "echo hi"), command.argv());
        assertEquals("sh -c 'echo hi'", command.line());
        assertFalse(command.becomes());
        assertNull(command.readyMarker());
    }

    @Test
    void theLoginShellRunsTheScriptVerbatim() throws Exception {
        for (String script : NASTY_SCRIPTS) {
            Run direct = run("sh", "-c", script);
            for (Duration timeout : new Duration[] {null, Duration.ofSeconds(30)}) {
                String line = ShellCommand.of(script, null, timeout, "n").line();
                // sshd hands the line to the login shell as `$SHELL -c line`: try both usual shells
                for (String loginShell : List.of("bash", "sh")) {
                    Run viaLine = run(loginShell, "-c", line);
                    assertEquals(direct, viaLine, script + " via " + loginShell + " with timeout " + timeout);
                }
            }
        }
    }

    @Test
    void becomeWithoutPasswordUsesSudoNonInteractive() {
        ShellCommand command = ShellCommand.of("id -u", new Become("app", null), null, "abc123");
        assertEquals(List.of("sudo", "-H", "-n", "-u", "app", "--", "sh", "-c",
                "echo MUSTER-BECOME-OK-abc123 >&2; exec sh -c \"$1\"", "sh", "id -u"), command.argv());
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
        String line = ShellCommand.of(LONG_SLEEP + "; echo never", null, Duration.ofSeconds(1), "n").line();
        long start = System.nanoTime();
        Run result = run("bash", "-c", line);
        assertEquals(124, result.exit());
        assertEquals("", result.out());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 4000);
        Thread.sleep(100);
        assertEquals(1, new ProcessBuilder("pgrep", "-f", "^" + LONG_SLEEP).start().waitFor(), "sleep was ended");
    }

    private record Run(int exit, String out) {
    }

    private static Run run(String... argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out);
    }
}
