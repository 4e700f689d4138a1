package dev.muster.lab;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.muster.connection.ExecResult;

/** Runs tests/lab/lab; the one place that knows how the script is called. */
final class LabScript {
    /** The script's own failures (bad usage, host not running, boot timeout) exit with this code. */
    static final int LAB_FAILED = 125;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Path script;

    LabScript(Path script) {
        this.script = script;
    }

    /** tests/lab/lab, from -Dmuster.lab.script or found upwards from the working directory. */
    static LabScript locate() {
        String configured = System.getProperty("muster.lab.script");
        if (configured != null && !configured.isBlank()) {
            return new LabScript(Path.of(configured).toAbsolutePath());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve("lab/lab"), dir.resolve("tests/lab/lab"))) {
                if (Files.isExecutable(candidate)) {
                    return new LabScript(candidate);
                }
            }
        }
        throw new LabException("cannot find tests/lab/lab (set -Dmuster.lab.script)");
    }

    Path path() {
        return script;
    }

    /** Runs a lab command that must succeed; returns its stdout. */
    String run(String... args) {
        ExecResult r = call(args);
        if (r.exitCode() != 0) {
            throw failure(args, r);
        }
        return r.stdout();
    }

    /** Runs a command and returns whatever it returned (exec, ssh: the remote command's code). */
    ExecResult call(String... args) {
        List<String> command = new ArrayList<>();
        command.add(script.toString());
        command.addAll(List.of(args));
        long start = System.nanoTime();
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LabException("lab " + String.join(" ", args) + ": no answer after " + TIMEOUT);
            }
            return new ExecResult(p.exitValue(), out.join(), err.join(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new LabException("cannot run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running lab " + String.join(" ", args));
        }
    }

    static LabException failure(String[] args, ExecResult r) {
        String err = r.stderr().strip();
        // the reason is the script's last "lab: ..." line (a usage hint may follow it)
        String last = err.isEmpty() ? "exit code " + r.exitCode()
                : err.lines().filter(l -> l.startsWith("lab: ")).reduce((a, b) -> b)
                        .orElse(err.lines().reduce((a, b) -> b).orElse(err));
        return new LabException("lab " + String.join(" ", args) + " failed: " + last
                + (err.lines().count() > 1 ? "\n" + err : ""));
    }

    /** One thread per stream: the common pool has a single worker on a 2-core machine, and a full pipe would block. */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                result.complete(buf.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "lab-output");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
