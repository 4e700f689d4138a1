package dev.muster.node;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point of the node service: {@code muster-node [--config FILE]}. The configuration file is, in order,
 * the {@code --config} argument, {@code $MUSTER_NODE_CONF}, or {@code /etc/muster/node.conf}.
 * A start-up failure prints one line on stderr and exits non-zero: 2 for a configuration the operator must fix,
 * 3 for a dependency that may come back (see {@link ExitCode}).
 */
public final class NodeMain {
    static final String DEFAULT_CONFIG = "/etc/muster/node.conf";

    private NodeMain() {
    }

    public static void main(String[] args) {
        CountDownLatch stopped = new CountDownLatch(1);
        NodeService[] running = new NodeService[1];
        int code = start(args, System.out, System.err, System.getenv("MUSTER_NODE_CONF"), running);
        if (code != ExitCode.OK || running[0] == null) {
            System.exit(code);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running[0].close();
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Parses the arguments and starts the node into {@code running[0]}; returns the exit code. */
    static int start(String[] args, PrintStream out, PrintStream err, String envConfig, NodeService[] running) {
        String config = envConfig == null || envConfig.isBlank() ? DEFAULT_CONFIG : envConfig;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-c", "--config" -> {
                    if (i + 1 >= args.length) {
                        err.println("muster-node: error: " + args[i] + " needs a FILE");
                        return ExitCode.BAD_CONFIG;
                    }
                    config = args[++i];
                }
                case "-V", "--version" -> {
                    out.println("muster-node " + Version.current());
                    return ExitCode.OK;
                }
                case "-h", "--help" -> {
                    out.println("usage: muster-node [--config FILE] [admin COMMAND...]   (default $MUSTER_NODE_CONF, then "
                            + DEFAULT_CONFIG + "; 'admin --help' lists the registry commands)");
                    return ExitCode.OK;
                }
                case "admin" -> {
                    return dev.muster.node.admin.NodeAdmin.run(config, java.util.Arrays.copyOfRange(args, i + 1, args.length), out, err);
                }
                default -> {
                    err.println("muster-node: error: unknown argument '" + args[i] + "' (usage: muster-node [--config FILE])");
                    return ExitCode.BAD_CONFIG;
                }
            }
        }
        try {
            NodeConfig cfg = NodeConfig.load(Path.of(config));
            String deprovisioned = dev.muster.node.admin.DeprovisionGuard.refusal(cfg);
            if (deprovisioned != null) {
                err.println("muster-node: error: " + deprovisioned);
                return ExitCode.BAD_CONFIG;
            }
            running[0] = NodeService.start(cfg);
            return ExitCode.OK;
        } catch (ConfigException e) {
            err.println("muster-node: error: " + e.getMessage());
            return ExitCode.BAD_CONFIG;
        } catch (StartupException e) {
            err.println("muster-node: error: " + e.getMessage());
            return ExitCode.UNAVAILABLE;
        }
    }
}
