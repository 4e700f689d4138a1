package dev.muster.node.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private RabbitMQ node from Debian's packages, with the management plugin, in a temporary directory
 * (its own node name, ports, mnesia and log dirs, Erlang cookie), independent of any system service.
 * Set up the way setup.sh will: a vhost, a user with permissions and the monitoring tag.
 */
final class RabbitServer {
    static final String VHOST = "muster";
    static final String USER = "muster";
    static final String PASSWORD = "s3cret";

    final String nodeName;
    final int amqpPort;
    final int managementPort;
    private final int distPort;
    private final Path dir;
    private Process process;

    private RabbitServer(Path dir, String nodeName, int amqpPort, int distPort, int managementPort) {
        this.dir = dir;
        this.nodeName = nodeName;
        this.amqpPort = amqpPort;
        this.distPort = distPort;
        this.managementPort = managementPort;
    }

    static RabbitServer create() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server"))) {
            throw new IOException("RabbitMQ is not installed (/usr/lib/rabbitmq/bin/rabbitmq-server missing):"
                    + " apt-get install rabbitmq-server (listed in .ci/apt.d/node.txt)");
        }
        Path dir = Files.createTempDirectory("muster-rmq-");
        RabbitServer r = new RabbitServer(dir, "muster-it-" + ProcessHandle.current().pid() + "@localhost",
                Cmd.freePort(), Cmd.freePort(), Cmd.freePort());
        Files.writeString(dir.resolve("rabbitmq.conf"), "listeners.tcp.default = " + r.amqpPort + "\n"
                + "management.tcp.port = " + r.managementPort + "\n"
                + "management.tcp.ip = 127.0.0.1\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_management].\n", StandardCharsets.UTF_8);
        Cmd.chown(dir, "rabbitmq");
        r.start();
        r.ctl("add_vhost", VHOST);
        r.ctl("add_user", USER, PASSWORD);
        r.ctl("set_permissions", "-p", VHOST, USER, ".*", ".*", ".*");
        r.ctl("set_user_tags", USER, "monitoring");
        return r;
    }

    private Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dir.toString());
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(amqpPort));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        return env;
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(Cmd.as("rabbitmq", env(), "/usr/lib/rabbitmq/bin/rabbitmq-server"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.log").toFile()))
                .start();
        // generous limits: an Erlang VM boots in seconds on a quiet machine, minutes at a load of 80 (seen)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        Cmd.Result last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("rabbitmq-server exited with " + process.exitValue() + ":\n"
                        + Files.readString(dir.resolve("console.log")));
            }
            // await_startup fails at once while the node is not registered with epmd yet: retry it.
            last = Cmd.run(ctlCommand("await_startup", "--timeout", "120"), 180);
            if (last.exit() == 0) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("RabbitMQ did not start within 300 s:\n" + (last == null ? "" : last.output()));
    }

    void stop() throws IOException, InterruptedException {
        ctl("stop");
        if (process != null && !process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    String ctl(String... args) throws IOException, InterruptedException {
        return Cmd.check(ctlCommand(args), 180);
    }

    private List<String> ctlCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of("/usr/lib/rabbitmq/bin/rabbitmqctl", "-n", nodeName));
        cmd.addAll(List.of(args));
        return Cmd.as("rabbitmq", Map.of("HOME", dir.toString()), cmd.toArray(String[]::new));
    }

    void destroy() {
        try {
            stop();
        } catch (Exception ignored) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
        PostgresServer.deleteTree(dir);
        stopIdleEpmd();
    }

    /**
     * rabbitmq-server starts the machine's Erlang port mapper if none runs; stop it again, but only when no node
     * at all is registered with it (a system RabbitMQ may share it).
     */
    private static void stopIdleEpmd() {
        try {
            Cmd.Result names = Cmd.run(List.of("epmd", "-names"), 10);
            if (names.exit() == 0 && !names.output().contains("name ")) {
                Cmd.run(List.of("epmd", "-kill"), 10);
            }
        } catch (Exception ignored) {
            // best effort
        }
    }
}
