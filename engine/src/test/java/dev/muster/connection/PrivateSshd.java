package dev.muster.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenSSH server for the tests: its own host key, config and port on 127.0.0.1, root login with a
 * generated key, and two throw-away accounts with passwords (one whose sudo asks for the password, one whose
 * sudo does not). Needs root (as CI runs); everything is removed again by {@link #close}.
 */
final class PrivateSshd implements AutoCloseable {

    /** Unique per run: other builds on the same machine may run these tests at the same time. */
    private static final String RUN = Long.toString(ProcessHandle.current().pid() % 100000, 36)
            + Integer.toString(new java.util.Random().nextInt(36 * 36), 36);
    static final String PW_USER = "mct-pw-" + RUN;
    static final String NOPW_USER = "mct-np-" + RUN;
    static final String PASSWORD = "Corr3ct-H0rse 'quoted' $pw";

    final Path dir;
    final int port;
    final Path clientKey;
    final Path hostKey;
    final Path knownHosts;
    final Path log;
    private final Process sshd;
    private final List<String> createdUsers = new ArrayList<>();
    private final Path sudoers = Path.of("/etc/sudoers.d/muster-conn-test-" + RUN);

    private PrivateSshd(Path dir, int maxSessions, boolean accounts) throws IOException, InterruptedException {
        this.dir = dir;
        this.clientKey = dir.resolve("client_key");
        this.hostKey = dir.resolve("host_key");
        this.knownHosts = dir.resolve("known_hosts");
        this.log = dir.resolve("sshd.log");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "muster-test-host", "-f", hostKey.toString());
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "muster-test-client", "-f", clientKey.toString());
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        this.port = freePort();
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + hostKeyLine() + "\n");
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "MaxSessions " + maxSessions,
                "MaxStartups 100:30:200",
                "LogLevel VERBOSE",
                "Subsystem sftp internal-sftp",
                ""));
        Process started = null;
        try {
            if (accounts) {
                createUsers();
            }
            ProcessBuilder builder = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString(), "-p", String.valueOf(port));
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            started = builder.start();
            this.sshd = started;
            waitForPort();
        } catch (IOException | RuntimeException | InterruptedException e) {
            // a half-made server leaves nothing behind: no process, accounts or sudoers file
            if (started != null) {
                started.destroyForcibly();
            }
            removeAccounts();
            throw e;
        }
    }

    /**
     * Starts a server, or explains why it cannot: outside CI the tests are skipped when not root or without sshd,
     * in CI (CI=true) they fail with the reason.
     */
    static PrivateSshd start(int maxSessions) throws Exception {
        return start(maxSessions, true);
    }

    /** @param accounts whether to create the password accounts (only one server per run may) */
    static PrivateSshd start(int maxSessions, boolean accounts) throws Exception {
        String missing = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            missing = "the SSH tests need root (to run sshd and create test accounts)";
        } else if (!Files.isExecutable(Path.of("/usr/sbin/sshd"))) {
            missing = "/usr/sbin/sshd is missing (apt-get install openssh-server, see .ci/apt.d/conn.txt)";
        } else if (!Files.isExecutable(Path.of("/usr/bin/sudo"))) {
            missing = "/usr/bin/sudo is missing (apt-get install sudo, see .ci/apt.d/conn.txt)";
        }
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(missing);
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(false, missing);
        }
        Path dir = Files.createTempDirectory("muster-sshd");
        try {
            return new PrivateSshd(dir, maxSessions, accounts);
        } catch (Exception e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** The public host key as "type base64". */
    String hostKeyLine() throws IOException {
        String[] parts = Files.readString(dir.resolve("host_key.pub")).trim().split("\\s+");
        return parts[0] + " " + parts[1];
    }

    /** Connections sshd accepted so far, counted from its log. */
    long connectionsAccepted() throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("Connection from 127.0.0.1")).count();
        }
    }

    String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private void createUsers() throws IOException, InterruptedException {
        for (String user : List.of(PW_USER, NOPW_USER)) {
            // useradd fails while another process holds the lock on /etc/passwd: try again a few times
            for (int attempt = 1; ; attempt++) {
                try {
                    run("useradd", "-m", "-s", "/bin/sh", user);
                    break;
                } catch (IOException e) {
                    if (attempt == 10) {
                        throw e;
                    }
                    Thread.sleep(300);
                }
            }
            createdUsers.add(user);
            Process chpasswd = new ProcessBuilder("chpasswd").redirectErrorStream(true).start();
            chpasswd.getOutputStream().write((user + ":" + PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
            chpasswd.getOutputStream().close();
            if (chpasswd.waitFor() != 0) {
                throw new IOException("chpasswd failed: " + new String(chpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        // timestamp_timeout=0: every sudo asks again, so a wrong password can never ride on an earlier right one.
        Files.writeString(sudoers, String.join("\n",
                "Defaults:" + PW_USER + " timestamp_timeout=0",
                PW_USER + " ALL=(ALL:ALL) ALL",
                NOPW_USER + " ALL=(ALL:ALL) NOPASSWD: ALL",
                ""));
        run("chmod", "0440", sudoers.toString());
    }

    private void waitForPort() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!sshd.isAlive()) {
                throw new IllegalStateException("sshd exited with " + sshd.exitValue() + ": " + logText());
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on port " + port + " within 10 s: " + logText());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() throws Exception {
        sshd.destroy();
        if (!sshd.waitFor(5, TimeUnit.SECONDS)) {
            sshd.destroyForcibly();
        }
        removeAccounts();
        if (System.getenv("MUSTER_KEEP_SSHD_DIR") != null) {
            return; // kept for debugging: the config, keys and sshd.log
        }
        deleteTree(dir);
    }

    private void removeAccounts() throws IOException, InterruptedException {
        if (!createdUsers.isEmpty()) {
            Files.deleteIfExists(sudoers);
        }
        for (String user : createdUsers) {
            new ProcessBuilder("userdel", "-f", "-r", user).redirectErrorStream(true).start().waitFor();
        }
        createdUsers.clear();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
