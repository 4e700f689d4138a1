package dev.muster.module;

import dev.muster.connection.ExecResult;
import dev.muster.module.script.ModuleScript;
import dev.muster.module.script.SessionFrames;
import dev.muster.module.script.SessionScript;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a module's RemoteAction with the real local /bin/sh (dash on Debian), the way the
 * executor runs it on a target over SSH, in a sandbox: HOME and TMPDIR point into {@code sandbox}.
 */
public final class LocalSh {

    private final Path sandbox;
    private final String pathPrefix;
    private final java.util.function.UnaryOperator<String> rewrite;

    public LocalSh(Path sandbox) {
        this(sandbox, null, s -> s);
    }

    /**
     * @param pathPrefix a directory put first in PATH (fake systemctl and the like), or null
     * @param rewrite    edits the script text before it runs (points fixed system paths into the sandbox)
     */
    public LocalSh(Path sandbox, String pathPrefix, java.util.function.UnaryOperator<String> rewrite) {
        this.sandbox = sandbox;
        this.pathPrefix = pathPrefix;
        this.rewrite = rewrite;
    }

    public TaskResult run(Action action) {
        if (action instanceof LocalAction local) {
            return local.result().get();
        }
        RemoteAction remote = (RemoteAction) action;
        return remote.interpret().apply(exec(rewrite.apply(remote.script()), remote.stdin()));
    }

    /**
     * Runs the action as a host's shell session runs it ({@link SessionScript}: the prelude defined once, the task in
     * a subshell with its input inside the script), and reads its frame back as the executor does.
     */
    public TaskResult runInSession(Action action) {
        if (action instanceof LocalAction local) {
            return local.result().get();
        }
        RemoteAction remote = (RemoteAction) action;
        String taskPart = ModuleScript.taskPart(remote.script());
        if (taskPart == null || !SessionScript.canCarry(remote.stdin())) {
            throw new IllegalArgumentException("this action cannot run in a session");
        }
        String nonce = "0123456789abcdef";
        byte[] input = remote.stdin() == null || remote.stdin().length == 0 ? null : remote.stdin();
        ExecResult ran = exec(SessionScript.opening(nonce) + SessionScript.task(1, "", rewrite.apply(taskPart), input), null);
        List<SessionFrames.Frame> frames = new ArrayList<>();
        SessionFrames reader = new SessionFrames(nonce, frames::add);
        byte[] out = ran.stdout().getBytes(StandardCharsets.UTF_8);
        byte[] err = ran.stderr().getBytes(StandardCharsets.UTF_8);
        reader.stdout(out, out.length);
        reader.stderr(err, err.length);
        if (frames.size() != 1) {
            throw new IllegalStateException("the session printed no frame for its task: " + ran);
        }
        SessionFrames.Frame frame = frames.get(0);
        return remote.interpret().apply(new ExecResult(frame.exitCode(), frame.stdout(), frame.stderr(), ran.elapsed()));
    }

    public ExecResult exec(String script, byte[] stdin) {
        try {
            Path home = Files.createDirectories(sandbox.resolve("home"));
            Path tmp = Files.createDirectories(sandbox.resolve("tmp"));
            ProcessBuilder builder = new ProcessBuilder(List.of("/bin/sh", "-c", script)).directory(sandbox.toFile());
            Map<String, String> env = builder.environment();
            Map<String, String> keep = new HashMap<>();
            for (String name : List.of("PATH", "LANG", "USER", "LOGNAME")) {
                if (env.containsKey(name)) {
                    keep.put(name, env.get(name));
                }
            }
            env.clear();
            env.putAll(keep);
            env.put("HOME", home.toString());
            if (pathPrefix != null) {
                env.put("PATH", pathPrefix + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
            }
            env.put("TMPDIR", tmp.toString());
            long start = System.nanoTime();
            Process process = builder.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException ignored) {
                // the script may end without reading its input
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("script did not end in 60 s");
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

    private static byte[] readAll(java.io.InputStream stream) {
        try {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
