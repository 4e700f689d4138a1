package dev.muster.node.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node service run the way systemd runs it: the launcher script of the built distribution
 * (bin/muster-node, lib/*.jar), as a separate process, its output captured.
 */
final class NodeProcess implements AutoCloseable {
    final Process process;
    final Path output;
    final long startedNanos;

    private NodeProcess(Process process, Path output, long startedNanos) {
        this.process = process;
        this.output = output;
        this.startedNanos = startedNanos;
    }

    static Path home() {
        String home = System.getProperty("muster.node.home");
        if (home == null) {
            throw new IllegalStateException("system property muster.node.home is not set (run the ITs with Maven: mvn verify)");
        }
        Path p = Path.of(home);
        if (!Files.isRegularFile(p.resolve("bin/muster-node"))) {
            throw new IllegalStateException("no launcher at " + p.resolve("bin/muster-node") + ": run mvn package first");
        }
        return p;
    }

    /** Where node outputs are kept for reading after a run: target/it-logs. */
    static Path logDir() throws IOException {
        Path dir = Path.of(System.getProperty("muster.node.logs", "target/it-logs"));
        Files.createDirectories(dir);
        return dir;
    }

    /** Launches with the output in {@link #logDir()}/NAME.log (replaced if it exists). */
    static NodeProcess launch(Path config, String logName) throws IOException {
        return launch(config, logDir().resolve(logName + ".log"));
    }

    static NodeProcess launch(Path config, Path output) throws IOException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(List.of("sh", home().resolve("bin/muster-node").toString(), "--config",
                config.toString()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new NodeProcess(p, output, t0);
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** Waits for the "ready" line; returns the milliseconds from launch to it. */
    long awaitReady(long timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (output().contains(" ready in ")) {
                return (System.nanoTime() - startedNanos) / 1_000_000;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited with " + process.exitValue() + " before it was ready:\n" + output());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("node not ready after " + timeoutSeconds + " s:\n" + output());
    }

    int awaitExit(long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node did not exit within " + timeoutSeconds + " s");
        }
        return process.exitValue();
    }

    /** SIGTERM, as systemctl stop sends it. */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit(30);
    }

    long rssKb() throws IOException, InterruptedException {
        return Long.parseLong(Cmd.check(List.of("ps", "-o", "rss=", "-p", Long.toString(process.pid())), 10).strip());
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
