package dev.muster.executor.fakes;

import dev.muster.connection.Become;
import dev.muster.connection.Connection;
import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.OutputWatcher;
import dev.muster.module.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs scripts with the machine's own sh: a real shell and real files, no SSH (become is not supported). */
public final class ProcessConnections implements ConnectionFactory {

    @Override
    public Connection connect(String host, Map<String, Object> hostVars) {
        return new Connection() {
            @Override
            public ExecResult exec(String script, byte[] stdin, Become become, Duration timeout) {
                return run(stdin, timeout, OutputWatcher.NONE, "sh", "-c", script);
            }

            @Override
            public ExecResult execFromStdin(String script, Become become, Duration timeout, OutputWatcher watcher) {
                return run(script.getBytes(StandardCharsets.UTF_8), timeout, watcher, "sh", "-s");
            }

            private ExecResult run(byte[] stdin, Duration timeout, OutputWatcher watcher, String... command) {
                long start = System.nanoTime();
                try {
                    Process process = new ProcessBuilder(command).start();
                    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream(), watcher::stdout));
                    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream(), watcher::stderr));
                    try (OutputStream in = process.getOutputStream()) {
                        in.write(stdin == null ? new byte[0] : stdin);
                    } catch (IOException ignored) {
                        // the script did not read its input
                    }
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                    }
                    return new ExecResult(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                            new String(err.join(), StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void close() {
            }
        };
    }

    private interface Chunks {
        void accept(byte[] bytes, int length);
    }

    private static byte[] readAll(InputStream stream, Chunks seen) {
        try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            for (int n; (n = stream.read(chunk)) != -1; ) {
                buffer.write(chunk, 0, n);
                seen.accept(chunk, n);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }
}
