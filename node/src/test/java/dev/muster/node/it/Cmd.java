package dev.muster.node.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command (as another user when we are root) and returns its output, failing with it on a non-zero exit. */
final class Cmd {
    private Cmd() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command prefixed so that it runs as {@code user} when we are root (PostgreSQL refuses root). */
    static List<String> as(String user, Map<String, String> env, String... command) {
        List<String> out = new ArrayList<>();
        if (isRoot()) {
            out.addAll(List.of("runuser", "-u", user, "--"));
        }
        out.add("env");
        env.forEach((k, v) -> out.add(k + "=" + v));
        out.addAll(List.of(command));
        return out;
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("muster-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + String.join(" ", command)
                        + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static String check(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Result r = run(command, timeoutSeconds);
        if (r.exit() != 0) {
            throw new IOException("exit " + r.exit() + ": " + String.join(" ", command) + "\n" + r.output());
        }
        return r.output();
    }

    static void chown(Path dir, String user) throws IOException, InterruptedException {
        if (isRoot()) {
            check(List.of("chown", "-R", user, dir.toString()), 30);
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
