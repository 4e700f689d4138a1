package dev.muster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdentityTest {
    @TempDir
    Path tmp;

    @Test
    void createdOnceThenKept() throws Exception {
        Path f = tmp.resolve("state/node-id");
        UUID first = NodeIdentity.loadOrCreate(f);
        assertEquals(first + "\n", Files.readString(f));
        assertEquals(first, NodeIdentity.loadOrCreate(f));
        try (var files = Files.list(f.getParent())) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
        assertNotEquals(first, NodeIdentity.loadOrCreate(tmp.resolve("other-node-id")));
    }

    @Test
    void concurrentCreatorsAgreeOnOneId() {
        Path f = tmp.resolve("node-id");
        var seen = ConcurrentHashMap.<UUID>newKeySet();
        IntStream.range(0, 16).parallel().forEach(i -> seen.add(NodeIdentity.loadOrCreate(f)));
        assertEquals(1, seen.size(), seen.toString());
    }

    @Test
    void aDamagedFileIsReportedNotReplaced() throws Exception {
        Path f = tmp.resolve("node-id");
        Files.writeString(f, "tower1\n");
        ConfigException e = assertThrows(ConfigException.class, () -> NodeIdentity.loadOrCreate(f));
        assertTrue(e.getMessage().startsWith(f + ":1: not a node id"), e.getMessage());
        assertEquals("tower1\n", Files.readString(f));
    }

    @Test
    void anUnwritableDirectoryIsOneLine() throws Exception {
        Path blocker = tmp.resolve("file");
        Files.writeString(blocker, "x");
        ConfigException e = assertThrows(ConfigException.class,
                () -> NodeIdentity.loadOrCreate(blocker.resolve("node-id")));
        assertTrue(e.getMessage().contains("cannot"), e.getMessage());
    }
}
