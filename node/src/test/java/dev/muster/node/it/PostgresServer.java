package dev.muster.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster from Debian's packages: initdb under a temporary directory, started with pg_ctl
 * on a free port as user postgres, independent of any system service. Can be stopped and started again.
 */
public final class PostgresServer {
    final int port;
    private final Path dir;
    private final Path bin;

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    public static PostgresServer create() throws IOException, InterruptedException {
        Path bin = findBin();
        Path dir = Files.createTempDirectory("muster-pg-");
        Cmd.chown(dir, "postgres");
        PostgresServer pg = new PostgresServer(dir, bin, Cmd.freePort());
        Cmd.check(pg.as(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres",
                "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"), 300);
        pg.start();
        return pg;
    }

    private static Path findBin() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            throw new IOException("PostgreSQL is not installed (/usr/lib/postgresql missing): apt-get install postgresql"
                    + " (listed in .ci/apt.d/node.txt)");
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no initdb under /usr/lib/postgresql/*/bin"));
        }
    }

    private List<String> as(String... command) {
        return Cmd.as("postgres", Map.of(), command);
    }

    void start() throws IOException, InterruptedException {
        Cmd.check(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "180",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), 240);
    }

    void stop() throws IOException, InterruptedException {
        Cmd.check(as(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w",
                "stop"), 180);
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void destroy() {
        try {
            stop();
        } catch (Exception ignored) {
            // already stopped
        }
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort in a temporary directory
        }
    }
}
