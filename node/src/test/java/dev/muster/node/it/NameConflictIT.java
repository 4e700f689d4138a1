package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.node.NodeConfig;
import dev.muster.node.NodeService;
import dev.muster.node.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts given the same node.name: refused while the first is alive; once it is lost (a host reinstalled
 * without its node-id file), the new node takes the name over and no leftover row stays behind.
 */
class NameConflictIT {
    @TempDir
    Path tmp;

    @Test
    void aNameIsRefusedWhileItsHolderIsAliveAndTakenOverOnceItIsLost() throws Exception {
        String url = TestServices.postgres().createDatabase("name_conflict_it");
        Path otherHost = Files.createDirectories(tmp.resolve("reinstalled"));
        NodeConfig first = NodeConfig.load(new NodeConf(tmp, "same", url).write());
        NodeConfig second = NodeConfig.load(new NodeConf(otherHost, "same", url).write());
        UUID firstUuid;
        try (NodeService a = NodeService.start(first)) {
            firstUuid = a.uuid();
            StartupException refused = assertThrows(StartupException.class, () -> NodeService.start(second));
            assertTrue(refused.getMessage().startsWith("node name 'same' is held by node " + firstUuid),
                    refused.getMessage());
        }
        long deadline = System.nanoTime() + 12_000_000_000L;
        NodeService b = null;
        while (b == null) {
            try {
                b = NodeService.start(second);
            } catch (StartupException stillAlive) {
                if (System.nanoTime() > deadline) {
                    throw stillAlive;
                }
                Thread.sleep(500);
            }
        }
        try (NodeService taken = b) {
            assertNotEquals(firstUuid, taken.uuid());
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT uuid FROM node_instance")) {
                List<UUID> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getObject(1, UUID.class));
                }
                assertEquals(List.of(taken.uuid()), rows, "the lost holder's row is replaced, not left behind");
            }
        }
    }
}
