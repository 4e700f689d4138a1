package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.connection.ExecResult;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LocalConnectionTest {

    /** Unique per run, so that a concurrent build running the same test cannot be mistaken for ours. */
    private static final String LONG_SLEEP = "sleep " + (100000 + new java.util.Random().nextInt(900000));

    private static final ExecutorService POOL = Executors.newCachedThreadPool();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final LocalConnection local = new LocalConnection(POOL);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void runsWithShAndSeparatesOutputs() {
        ExecResult result = local.exec("echo out; echo err >&2; printf '%s\\n' \"it's\" 'héllo ✓'; exit 4", null, null, TIMEOUT);
        assertEquals(4, result.exitCode());
        assertEquals("out\nit's\nhéllo ✓\n", result.stdout());
        assertEquals("err\n", result.stderr());
    }

    @Test
    void stdinArrivesByteExact() throws Exception {
        byte[] content = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        ExecResult result = local.exec("sha256sum | cut -d' ' -f1", content, null, TIMEOUT);
        assertEquals(expected + "\n", result.stdout());
    }

    @Test
    void aTimeoutEndsTheCommandAndItsChildren() throws Exception {
        long start = System.nanoTime();
        ExecResult result = local.exec("echo started; " + LONG_SLEEP + "; echo never", null, null, Duration.ofSeconds(1));
        assertEquals(Connection.EXIT_TIMED_OUT, result.exitCode());
        assertEquals("started\n", result.stdout());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
        Thread.sleep(100);
        assertEquals(1, new ProcessBuilder("pgrep", "-f", "^" + LONG_SLEEP).start().waitFor(), "the child sleep was ended");
    }

    @Test
    void becomeRunsThroughSudoAndStdinStillArrives() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) || "true".equals(System.getenv("CI")),
                "sudo without a password needs root here");
        ExecResult plain = local.exec("id -un; cat", "content\n".getBytes(), new Become("nobody", null), TIMEOUT);
        assertEquals(0, plain.exitCode(), plain.stderr());
        assertEquals("nobody\ncontent\n", plain.stdout());
        assertEquals("", plain.stderr());
        // root is never asked: the password waits unused while stdin goes through once sudo has let us in
        ExecResult withPassword = local.exec("id -u; cat", "content\n".getBytes(), Become.root("unused"), TIMEOUT);
        assertEquals("0\ncontent\n", withPassword.stdout());
        assertEquals("", withPassword.stderr());
    }

    /**
     * A session's output goes to its watcher only: if the watcher throws on a chunk, that chunk (a task's frame,
     * perhaps) is lost, so the session must end at once instead of living on with a hole in its output.
     */
    @Test
    void aSessionWhoseWatcherFailsIsEnded() throws Exception {
        java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
        OutputWatcher failing = new OutputWatcher() {
            public void stdout(byte[] bytes, int length) {
                throw new IllegalStateException("a watcher's bug");
            }

            public void stderr(byte[] bytes, int length) {
            }

            public void ended(ExecResult how, boolean connectionLost) {
                ended.countDown();
            }
        };
        ShellSession session = local.openSession(null, failing);
        try {
            session.send("echo hello\n");
            assertTrue(ended.await(60, TimeUnit.SECONDS), "the session was ended");
        } finally {
            session.close();
        }
    }
}
