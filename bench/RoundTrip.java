import dev.muster.connection.Connection;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.connection.SshConnectionFactory;
import dev.muster.connection.SshOptions;
import dev.muster.connection.ExecResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The SSH floor as Muster pays it: exec round trips on an open connection, connect+auth, many connections
 * in parallel, and JVM start to first exec. Usage (see bench/roundtrip):
 *   RoundTrip HOST PORT USER KEYFILE KNOWN_HOSTS (all | first-exec | floor)
 */
public final class RoundTrip {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        Map<String, Object> vars = new HashMap<>();
        vars.put("ansible_host", args[0]);
        vars.put("ansible_port", args[1]);
        vars.put("ansible_user", args[2]);
        vars.put("ansible_ssh_private_key_file", args[3]);
        SshOptions options = SshOptions.defaults().withHostKeyPolicy(HostKeyPolicy.STRICT)
                .withKnownHostsFiles(List.of(Path.of(args[4])));
        if (args.length > 5 && args[5].equals("first-exec")) {
            try (SshConnectionFactory factory = new SshConnectionFactory(options)) {
                check(factory.connect("h", vars).exec("true", null, null, TIMEOUT));
                long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.printf("jvm start to first exec done: %d ms%n", System.currentTimeMillis() - jvmStart);
            }
            return;
        }
        if (args.length > 5 && args[5].equals("floor")) {
            sequential(options, vars);
            return;
        }
        connectAuth(options, vars);
        sequential(options, vars);
        parallel(options, vars, 30, 20);
    }

    private static void connectAuth(SshOptions options, Map<String, Object> vars) {
        int n = 30;
        double[] ms = new double[n];
        for (int i = -5; i < n; i++) {
            try (SshConnectionFactory factory = new SshConnectionFactory(options)) {
                Connection connection = factory.connect("h", vars);
                long start = System.nanoTime();
                check(connection.exec("true", null, null, TIMEOUT));
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        report("connect+auth+exec true (fresh connection)", ms);
    }

    private static void sequential(SshOptions options, Map<String, Object> vars) {
        int n = 500;
        try (SshConnectionFactory factory = new SshConnectionFactory(options)) {
            Connection connection = factory.connect("h", vars);
            // interleaved, so that both see the same machine load
            double[] limited = new double[n];
            double[] unlimited = new double[n];
            for (int i = -50; i < n; i++) {
                long start = System.nanoTime();
                check(connection.exec("true", null, null, TIMEOUT));
                long middle = System.nanoTime();
                check(connection.exec("true", null, null, null));
                if (i >= 0) {
                    limited[i] = (middle - start) / 1e6;
                    unlimited[i] = (System.nanoTime() - middle) / 1e6;
                }
            }
            report("exec true, open connection, with timeout", limited);
            report("exec true, open connection, no timeout", unlimited);
        }
    }

    private static void parallel(SshOptions options, Map<String, Object> vars, int hosts, int commands) throws Exception {
        for (int round = 0; round < 3; round++) {
            try (SshConnectionFactory factory = new SshConnectionFactory(options)) {
                ExecutorService threads = Executors.newFixedThreadPool(hosts);
                long start = System.nanoTime();
                List<Future<Long>> connected = new ArrayList<>();
                for (int h = 0; h < hosts; h++) {
                    Connection connection = factory.connect("alias" + h, vars);
                    connected.add(threads.submit(() -> {
                        check(connection.exec("true", null, null, TIMEOUT));
                        long afterConnect = System.nanoTime();
                        for (int c = 1; c < commands; c++) {
                            check(connection.exec("true", null, null, TIMEOUT));
                        }
                        return afterConnect;
                    }));
                }
                long lastConnect = 0;
                for (Future<Long> f : connected) {
                    lastConnect = Math.max(lastConnect, f.get());
                }
                double wall = (System.nanoTime() - start) / 1e6;
                threads.shutdown();
                System.out.printf("%d connections x %d commands in parallel: %.0f ms wall (all connected after %.0f ms)%n",
                        hosts, commands, wall, (lastConnect - start) / 1e6);
            }
        }
    }

    private static void check(ExecResult result) {
        if (result.exitCode() != 0) {
            throw new IllegalStateException("exec failed: " + result);
        }
    }

    private static void report(String what, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("%-48s n=%d  median %.2f ms  p99 %.2f ms  min %.2f ms%n", what, sorted.length,
                sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1], sorted[0]);
    }
}
