package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.node.NodeConfig;
import dev.muster.node.NodeService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several nodes started at the same instant on an empty database: the schema is migrated once, all register. */
class ConcurrentStartIT {
    private static final int NODES = 5;

    @TempDir
    Path tmp;

    @Test
    void concurrentStartMigratesOnceAndRegistersAll() throws Exception {
        String url = TestServices.postgres().createDatabase("concurrent_it");
        List<Path> configs = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            configs.add(new NodeConf(tmp, "n" + i, url).write());
        }
        ExecutorService pool = Executors.newFixedThreadPool(NODES);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<NodeService>> started = new ArrayList<>();
        for (Path c : configs) {
            NodeConfig cfg = NodeConfig.load(c);
            started.add(pool.submit(() -> {
                go.await();
                return NodeService.start(cfg);
            }));
        }
        go.countDown();
        try {
            for (Future<NodeService> f : started) {
                f.get();
            }
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                 Statement st = c.createStatement()) {
                assertEquals(1, count(st, "SELECT count(*) FROM flyway_schema_history WHERE version = '1'"),
                        "V1 applied exactly once");
                assertEquals(0, count(st, "SELECT count(*) FROM flyway_schema_history WHERE NOT success"));
                assertEquals(NODES, count(st, "SELECT count(*) FROM node_instance"));
                assertEquals(NODES, count(st, "SELECT count(DISTINCT uuid) FROM node_instance"));
            }
        } finally {
            for (Future<NodeService> f : started) {
                try {
                    f.get().close();
                } catch (Exception failedToStart) {
                    // reported by the assertion above
                }
            }
            pool.shutdownNow();
        }
    }

    private static int count(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
