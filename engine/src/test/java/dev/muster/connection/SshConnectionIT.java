package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SshConnectionFactory against a real OpenSSH server started for these tests (see {@link PrivateSshd}). */
class SshConnectionIT {

    /** Unique per run, so that a concurrent build running the same test cannot be mistaken for ours. */
    private static final String LONG_SLEEP = "sleep " + (100000 + new java.util.Random().nextInt(900000));
    /** Unique per run, so that a concurrent build running the same test cannot be mistaken for ours. */
    private static final String LONG_SLEEP_SUDO = "sleep " + (100000 + new java.util.Random().nextInt(900000));

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static PrivateSshd sshd;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = PrivateSshd.start(10);
    }

    @AfterAll
    static void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static SshOptions options(HostKeyPolicy policy, Path knownHosts) {
        return SshOptions.defaults().withHostKeyPolicy(policy).withKnownHostsFiles(List.of(knownHosts))
                .withConnectTimeout(Duration.ofSeconds(5));
    }

    private static SshConnectionFactory strictFactory() {
        return new SshConnectionFactory(options(HostKeyPolicy.STRICT, sshd.knownHosts));
    }

    private static Map<String, Object> rootVars() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("ansible_host", "127.0.0.1");
        vars.put("ansible_port", sshd.port);
        vars.put("ansible_user", "root");
        vars.put("ansible_ssh_private_key_file", sshd.clientKey.toString());
        return vars;
    }

    private static Map<String, Object> passwordVars(String user, String password) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("ansible_host", "127.0.0.1");
        vars.put("ansible_port", String.valueOf(sshd.port));
        vars.put("ansible_user", user);
        vars.put("ansible_ssh_private_key_file", "/nonexistent-is-not-used");
        vars.remove("ansible_ssh_private_key_file");
        vars.put("ansible_password", password);
        return vars;
    }

    @Test
    void runsScriptWithShAndReturnsOutputAndExitCode() {
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("target", rootVars());
            ExecResult result = connection.exec("echo out; echo err >&2; printf '%s\\n' \"it's \\$HOME\" 'héllo ✓'; exit 3",
                    null, null, TIMEOUT);
            assertEquals(3, result.exitCode());
            assertEquals("out\nit's $HOME\nhéllo ✓\n", result.stdout());
            assertEquals("err\n", result.stderr());
            assertTrue(result.elapsed().toNanos() > 0);
            // sh, not the login shell: a bash-only construct is a syntax error for dash
            ExecResult bashism = connection.exec("[[ 1 == 1 ]] && echo bash", null, null, TIMEOUT);
            assertTrue(bashism.exitCode() != 0, bashism.toString());
        }
    }

    @Test
    void aHostHasAConnectionPerLoginAndTheUsualRunOnlyOne() throws Exception {
        long before = sshd.connectionsAccepted();
        try (SshConnectionFactory factory = strictFactory()) {
            Connection root = factory.connect("target", rootVars());
            assertEquals("root\n", root.exec("id -un", null, null, TIMEOUT).stdout());
            assertSame(root, factory.connect("target", rootVars()), "the same login reuses its connection");
            // remote_user: the same host as another user is a login of its own
            Connection other = factory.connect("target", passwordVars(PrivateSshd.NOPW_USER, PrivateSshd.PASSWORD));
            assertNotSame(root, other);
            assertEquals(PrivateSshd.NOPW_USER + "\n", other.exec("id -un", null, null, TIMEOUT).stdout());
            assertEquals("root\n", factory.connect("target", rootVars()).exec("id -un", null, null, TIMEOUT).stdout());
        }
        assertEquals(2, sshd.connectionsAccepted() - before, "one connection per login");
    }

    @Test
    void stdinOfFiveMegabytesArrivesByteExact() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(42).nextBytes(content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (SshConnectionFactory factory = strictFactory()) {
            ExecResult result = factory.connect("target", rootVars()).exec("sha256sum | cut -d' ' -f1", content, null, TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals(expected + "\n", result.stdout());
        }
    }

    @Test
    void twentyConcurrentCommandsShareOneConnectionWithinTheChannelCap() throws Exception {
        long before = sshd.connectionsAccepted();
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("target", rootVars());
            ExecutorService threads = Executors.newFixedThreadPool(20);
            try {
                List<Future<ExecResult>> results = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String script = "sleep 0.3; echo " + i;
                    results.add(threads.submit(() -> connection.exec(script, null, null, TIMEOUT)));
                }
                for (int i = 0; i < 20; i++) {
                    ExecResult result = results.get(i).get(60, TimeUnit.SECONDS);
                    assertEquals(0, result.exitCode(), result.stderr());
                    assertEquals(i + "\n", result.stdout());
                }
            } finally {
                threads.shutdownNow();
            }
            assertEquals(connection, factory.connect("target", rootVars()), "the same connection object is handed out again");
            for (int i = 0; i < 10; i++) {
                assertEquals(0, connection.exec("true", null, null, TIMEOUT).exitCode());
            }
        }
        Thread.sleep(200);
        assertEquals(1, sshd.connectionsAccepted() - before, "one TCP connection for 30 commands");
    }

    @Test
    void aServerAllowingFewerSessionsThanTheCapMakesCommandsWaitNotFail() throws Exception {
        try (PrivateSshd strict = PrivateSshd.start(2, false);
             SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.STRICT, strict.knownHosts))) {
            Map<String, Object> vars = rootVars();
            vars.put("ansible_port", strict.port);
            vars.put("ansible_ssh_private_key_file", strict.clientKey.toString());
            Connection connection = factory.connect("two-sessions", vars);
            ExecutorService threads = Executors.newFixedThreadPool(12);
            try {
                List<Future<ExecResult>> results = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String script = "sleep 0.2; echo " + i;
                    results.add(threads.submit(() -> connection.exec(script, null, null, TIMEOUT)));
                }
                for (int i = 0; i < 12; i++) {
                    assertEquals(i + "\n", results.get(i).get(60, TimeUnit.SECONDS).stdout());
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /**
     * One session allowed, commands one after the other: sshd releases a session only once it has processed our
     * close, so on a busy machine the next command's channel can be refused while nothing of ours is in flight. It
     * must wait for the release, never fail the host (this failed 3 runs of 3 with both cores busy).
     */
    @Test
    void aSessionNotYetReleasedBySshdMakesTheNextCommandWait() throws Exception {
        try (PrivateSshd single = PrivateSshd.start(1, false);
             SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.STRICT, single.knownHosts))) {
            Map<String, Object> vars = rootVars();
            vars.put("ansible_port", single.port);
            vars.put("ansible_ssh_private_key_file", single.clientKey.toString());
            Connection connection = factory.connect("one-session", vars);
            for (int i = 0; i < 50; i++) {
                assertEquals(i + "\n", connection.exec("echo " + i, null, null, TIMEOUT).stdout());
            }
        }
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsEnded() throws Exception {
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("target", rootVars());
            // The sleep would last for days: that the command ends at all, with the timeout's exit code and message
            // and the sleep gone, proves the timeout ended it. No wall-clock bound: the old "under 5 s" also counted
            // the connection's set-up, which a busy machine stretches past it.
            ExecResult result = connection.exec(LONG_SLEEP, null, null, Duration.ofSeconds(1));
            assertEquals(Connection.EXIT_TIMED_OUT, result.exitCode());
            assertTrue(result.stderr().contains("timed out after 1 s"), result.stderr());
            assertFalse(sleepStillRunning(LONG_SLEEP), "the remote sleep was killed");
            // the connection is still good for the next task
            assertEquals("ok\n", connection.exec("echo ok", null, null, TIMEOUT).stdout());

            // a compound script under sudo: the whole process tree goes, not only the shell
            Connection np = factory.connect("np", passwordVars(PrivateSshd.NOPW_USER, PrivateSshd.PASSWORD));
            ExecResult underSudo = np.exec("echo started; " + LONG_SLEEP_SUDO + "; echo never", null, new Become("root", null),
                    Duration.ofSeconds(1));
            assertEquals(Connection.EXIT_TIMED_OUT, underSudo.exitCode());
            assertEquals("started\n", underSudo.stdout());
            assertFalse(sleepStillRunning(LONG_SLEEP_SUDO), "the remote sleep under sudo was killed");
        }
    }

    private static boolean sleepStillRunning(String pattern) throws Exception {
        for (int i = 0; i < 20; i++) {
            Process pgrep = new ProcessBuilder("pgrep", "-f", "^" + pattern).start();
            if (pgrep.waitFor() != 0) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    @Test
    void wrongKeyIsUnreachableWithAClearReason() throws Exception {
        Path otherKey = sshd.dir.resolve("other_key");
        if (!Files.exists(otherKey)) {
            PrivateSshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString());
        }
        Map<String, Object> vars = rootVars();
        vars.put("ansible_ssh_private_key_file", otherKey.toString());
        try (SshConnectionFactory factory = strictFactory()) {
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> factory.connect("badkey", vars).exec("true", null, null, TIMEOUT));
            assertTrue(e.getMessage().startsWith("badkey: unreachable: authentication failed for user 'root'"), e.getMessage());
            assertOneLine(e.getMessage());
        }
    }

    @Test
    void passwordLoginWorksAndAWrongPasswordIsUnreachable() {
        try (SshConnectionFactory factory = strictFactory()) {
            ExecResult result = factory.connect("pw", passwordVars(PrivateSshd.PW_USER, PrivateSshd.PASSWORD))
                    .exec("id -un", null, null, TIMEOUT);
            assertEquals(PrivateSshd.PW_USER + "\n", result.stdout());
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> factory.connect("wrongpw", passwordVars(PrivateSshd.PW_USER, "not-the-password"))
                            .exec("true", null, null, TIMEOUT));
            assertTrue(e.getMessage().contains("authentication failed for user '" + PrivateSshd.PW_USER + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"));
            assertOneLine(e.getMessage());
        }
    }

    @Test
    void passphraseProtectedKeyFromVariableOrPrompt() throws Exception {
        Path key = sshd.dir.resolve("locked_key");
        if (!Files.exists(key)) {
            PrivateSshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "s3cret phrase", "-f", key.toString());
            Files.writeString(sshd.dir.resolve("authorized_keys"), Files.readString(sshd.dir.resolve("locked_key.pub")),
                    java.nio.file.StandardOpenOption.APPEND);
        }
        Map<String, Object> vars = rootVars();
        vars.put("ansible_ssh_private_key_file", key.toString());
        vars.put("ansible_ssh_private_key_passphrase", "s3cret phrase");
        try (SshConnectionFactory factory = strictFactory()) {
            assertEquals(0, factory.connect("locked", vars).exec("true", null, null, TIMEOUT).exitCode());
        }
        vars.remove("ansible_ssh_private_key_passphrase");
        List<Path> asked = new ArrayList<>();
        SshOptions prompting = options(HostKeyPolicy.STRICT, sshd.knownHosts).withPassphrasePrompt(file -> {
            asked.add(file);
            return "s3cret phrase".toCharArray();
        });
        try (SshConnectionFactory factory = new SshConnectionFactory(prompting)) {
            assertEquals(0, factory.connect("locked", vars).exec("true", null, null, TIMEOUT).exitCode());
            assertEquals(List.of(key), asked);
        }
        vars.put("ansible_ssh_private_key_passphrase", "wrong phrase");
        try (SshConnectionFactory factory = strictFactory()) {
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> factory.connect("locked", vars).exec("true", null, null, TIMEOUT));
            assertOneLine(e.getMessage());
            assertFalse(e.getMessage().contains("wrong phrase"));
        }
    }

    @Test
    void refusedConnectionAndUnknownNameAreUnreachable() {
        Map<String, Object> refused = rootVars();
        refused.put("ansible_port", 1);
        Map<String, Object> unknown = rootVars();
        unknown.put("ansible_host", "no-such-host.invalid");
        try (SshConnectionFactory factory = strictFactory()) {
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> factory.connect("closed", refused).exec("true", null, null, TIMEOUT));
            assertEquals("closed: unreachable: connection refused by 127.0.0.1:1", e.getMessage());
            e = assertThrows(UnreachableException.class,
                    () -> factory.connect("nowhere", unknown).exec("true", null, null, TIMEOUT));
            assertEquals("nowhere: unreachable: cannot resolve host name 'no-such-host.invalid'", e.getMessage());
        }
    }

    @Test
    void strictRefusesAnUnknownHostKeyAndNamesItsFingerprint() throws Exception {
        Path empty = Files.createTempFile(sshd.dir, "kh", "");
        try (SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.STRICT, empty))) {
            UnreachableException e = assertThrows(UnreachableException.class,
                    () -> factory.connect("target", rootVars()).exec("true", null, null, TIMEOUT));
            String fingerprint = fingerprintOfHostKey();
            assertTrue(e.getMessage().contains("host key for [127.0.0.1]:" + sshd.port + " is unknown (" + fingerprint + ")"),
                    e.getMessage());
            assertOneLine(e.getMessage());
        }
        assertEquals("", Files.readString(empty), "strict never writes known_hosts");
    }

    @Test
    void acceptNewRecordsAnUnknownHostThenStrictAcceptsIt() throws Exception {
        Path file = Files.createTempFile(sshd.dir, "kh", "");
        Files.writeString(file, "# a comment\nother.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0J3D8B1sYvHcQf4k0r0vCrEgmB3z2y8LRQH0PpXc8v\n");
        try (SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.ACCEPT_NEW, file))) {
            assertEquals(0, factory.connect("target", rootVars()).exec("true", null, null, TIMEOUT).exitCode());
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("[127.0.0.1]:" + sshd.port + " " + sshd.hostKeyLine(), lines.get(2));
        try (SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.STRICT, file))) {
            assertEquals(0, factory.connect("target", rootVars()).exec("true", null, null, TIMEOUT).exitCode());
        }
    }

    @Test
    void aChangedHostKeyIsRefusedUnderStrictAndAcceptNewNamingTheLine() throws Exception {
        Path other = sshd.dir.resolve("impostor_key");
        if (!Files.exists(other)) {
            PrivateSshd.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString());
        }
        String[] impostor = Files.readString(sshd.dir.resolve("impostor_key.pub")).trim().split("\\s+");
        Path file = Files.createTempFile(sshd.dir, "kh", "");
        Files.writeString(file, "# first line\n[127.0.0.1]:" + sshd.port + " " + impostor[0] + " " + impostor[1] + "\n");
        for (HostKeyPolicy policy : List.of(HostKeyPolicy.STRICT, HostKeyPolicy.ACCEPT_NEW)) {
            try (SshConnectionFactory factory = new SshConnectionFactory(options(policy, file))) {
                UnreachableException e = assertThrows(UnreachableException.class,
                        () -> factory.connect("target", rootVars()).exec("true", null, null, TIMEOUT));
                assertTrue(e.getMessage().contains("has CHANGED (now " + fingerprintOfHostKey() + ")"), e.getMessage());
                assertTrue(e.getMessage().contains("conflicts with " + file + ":2"), e.getMessage());
            }
        }
        assertEquals(2, Files.readAllLines(file).size(), "a changed key is never recorded");
        try (SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.INSECURE, file))) {
            assertEquals(0, factory.connect("target", rootVars()).exec("true", null, null, TIMEOUT).exitCode());
        }
        Map<String, Object> labHost = rootVars();
        labHost.put("ansible_host_key_checking", false);
        try (SshConnectionFactory factory = new SshConnectionFactory(options(HostKeyPolicy.STRICT, file))) {
            assertEquals(0, factory.connect("lab", labHost).exec("true", null, null, TIMEOUT).exitCode());
        }
    }

    @Test
    void becomeWithoutPasswordWhereSudoAllowsIt() throws Exception {
        byte[] content = "line one\n'quoted' $not_expanded\n".repeat(2000).getBytes(StandardCharsets.UTF_8);
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("np", passwordVars(PrivateSshd.NOPW_USER, PrivateSshd.PASSWORD));
            ExecResult result = connection.exec("id -u; cat; echo to-stderr >&2", content, new Become("root", null), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("0\n" + new String(content, StandardCharsets.UTF_8), result.stdout());
            assertEquals("to-stderr\n", result.stderr());
            ExecResult asOther = connection.exec("id -un; echo $HOME", null, new Become(PrivateSshd.PW_USER, null), TIMEOUT);
            assertEquals(PrivateSshd.PW_USER + "\n/home/" + PrivateSshd.PW_USER + "\n", asOther.stdout());
            // sudo refuses: the user may not sudo to anyone when the rule is removed is hard to arrange; instead
            // a password-requiring account without a password must fail clearly and promptly.
            Connection pw = factory.connect("pw", passwordVars(PrivateSshd.PW_USER, PrivateSshd.PASSWORD));
            long start = System.nanoTime();
            ExecResult refused = pw.exec("id -u", "stdin".getBytes(StandardCharsets.UTF_8), new Become("root", null), TIMEOUT);
            assertEquals(Connection.EXIT_BECOME_FAILED, refused.exitCode());
            assertEquals("become: a password is required", refused.stderr());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        }
    }

    @Test
    void becomeWithPasswordDeliversStdinIntactAndStripsThePrompt() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("pw", passwordVars(PrivateSshd.PW_USER, PrivateSshd.PASSWORD));
            ExecResult result = connection.exec("id -u; sha256sum | cut -d' ' -f1; echo done >&2", content,
                    Become.root(PrivateSshd.PASSWORD), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals("0\n" + expected + "\n", result.stdout());
            assertEquals("done\n", result.stderr());
        }
    }

    @Test
    void aWrongBecomePasswordFailsFastWithoutHanging() {
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("pw", passwordVars(PrivateSshd.PW_USER, PrivateSshd.PASSWORD));
            long start = System.nanoTime();
            ExecResult result = connection.exec("id -u", "content".getBytes(StandardCharsets.UTF_8),
                    Become.root("wrong-sudo-pw"), TIMEOUT);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Connection.EXIT_BECOME_FAILED, result.exitCode());
            assertEquals("become: incorrect sudo password", result.stderr());
            assertEquals("", result.stdout());
            assertTrue(millis < 10_000, "failed after " + millis + " ms");
            // and the connection still serves the next task
            assertEquals(0, connection.exec("true", null, null, TIMEOUT).exitCode());
        }
    }

    @Test
    void theBecomePasswordNeverShowsInTheProcessList() throws Exception {
        try (SshConnectionFactory factory = strictFactory()) {
            Connection connection = factory.connect("pw", passwordVars(PrivateSshd.PW_USER, PrivateSshd.PASSWORD));
            ExecutorService thread = Executors.newSingleThreadExecutor();
            try {
                Future<ExecResult> running = thread.submit(() ->
                        connection.exec("sleep 3; echo slept", null, Become.root(PrivateSshd.PASSWORD), TIMEOUT));
                boolean sawSudo = false;
                for (int i = 0; i < 25 && !running.isDone(); i++) {
                    String ps = PrivateSshd.run("ps", "-eo", "args");
                    assertFalse(ps.contains(PrivateSshd.PASSWORD), "password visible in ps");
                    assertFalse(ps.contains("Corr3ct-H0rse"), "password visible in ps");
                    sawSudo |= ps.contains("sudo -H -S -p");
                    Thread.sleep(100);
                }
                assertTrue(sawSudo, "ps was sampled while sudo ran");
                assertEquals("slept\n", running.get(30, TimeUnit.SECONDS).stdout());
            } finally {
                thread.shutdownNow();
            }
        }
    }

    private static String fingerprintOfHostKey() throws Exception {
        String out = PrivateSshd.run("ssh-keygen", "-l", "-E", "sha256", "-f", sshd.dir.resolve("host_key.pub").toString());
        return out.split("\\s+")[1];
    }

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("Exception"), message);
    }
}
