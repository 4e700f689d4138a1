package dev.muster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    @TempDir
    Path tmp;

    private static final String MINIMAL = """
            node.name = tower1
            database.url = jdbc:postgresql://db:5432/muster
            database.user = muster
            rabbitmq.password = pw
            """;

    private Path write(String text) throws IOException {
        Path f = tmp.resolve("node.conf");
        Files.writeString(f, text);
        return f;
    }

    private String error(String text) throws IOException {
        Path f = write(text);
        return assertThrows(ConfigException.class, () -> NodeConfig.load(f)).getMessage();
    }

    @Test
    void minimalFileGetsTheDefaults() throws IOException {
        NodeConfig c = NodeConfig.load(write(MINIMAL));
        assertEquals("tower1", c.nodeName);
        assertEquals(Path.of("/var/lib/muster/node-id"), c.idFile);
        assertEquals("127.0.0.1", c.listenAddress);
        assertEquals(8052, c.listenPort);
        assertEquals(Duration.ofSeconds(15), c.heartbeatInterval);
        assertEquals(4, c.lostAfterIntervals);
        assertEquals(OptionalInt.empty(), c.capacity);
        assertEquals("", c.databasePassword);
        assertEquals(Duration.ofSeconds(10), c.databaseStartTimeout);
        assertEquals(5672, c.rabbitPort);
        assertEquals("muster", c.rabbitVhost);
        assertEquals("http://127.0.0.1:15672", c.rabbitManagementUrl.toString());
        assertEquals(List.of(), c.rabbitExpectedNodes);
    }

    @Test
    void valuesAreParsed() throws IOException {
        NodeConfig c = NodeConfig.load(write(MINIMAL + """
                # comment
                  heartbeat.interval = 500ms
                capacity=12
                rabbitmq.management_url = none
                rabbitmq.expected_nodes = rabbit@a, rabbit@b ,
                database.password = p=w#1
                """));
        assertEquals(Duration.ofMillis(500), c.heartbeatInterval);
        assertEquals(OptionalInt.of(12), c.capacity);
        assertNull(c.rabbitManagementUrl);
        assertEquals(List.of("rabbit@a", "rabbit@b"), c.rabbitExpectedNodes);
        assertEquals("p=w#1", c.databasePassword, "only the first '=' splits; '#' inside a value is kept");
    }

    @Test
    void unknownKeyNamesFileAndLine() throws IOException {
        String msg = error(MINIMAL + "\nlisten.prot = 80\n");
        assertTrue(msg.startsWith(tmp.resolve("node.conf") + ":6: unknown key 'listen.prot'"), msg);
    }

    @Test
    void repeatedKeyIsAnError() throws IOException {
        String msg = error(MINIMAL + "node.name = other\n");
        assertTrue(msg.endsWith(":5: key 'node.name' is already set on line 1"), msg);
    }

    @Test
    void missingRequiredKeysAreListed() throws IOException {
        String msg = error("node.name = a\n");
        assertTrue(msg.endsWith("missing required keys database.url, database.user, rabbitmq.password"), msg);
    }

    @Test
    void malformedValuesNameTheLine() throws IOException {
        assertTrue(error(MINIMAL + "listen.port = 70000\n").endsWith(
                ":5: listen.port: expected an integer from 0 to 65535, got '70000'"));
        assertTrue(error(MINIMAL + "heartbeat.interval = often\n").contains(":5: heartbeat.interval: expected a duration"));
        assertTrue(error(MINIMAL + "heartbeat.interval = 10ms\n").contains("at least 0.1s"));
        assertTrue(error(MINIMAL + "capacity = lots\n").contains(":5: capacity: expected an integer"));
        assertTrue(error(MINIMAL + "node.name = bad name\n".replace("node.name", "heartbeat.lost_after"))
                .contains("heartbeat.lost_after: expected an integer from 2"));
        assertTrue(error(MINIMAL.replace("jdbc:postgresql://db:5432/muster", "mysql://db")).contains(
                ":2: database.url: expected a PostgreSQL JDBC URL"));
        assertTrue(error(MINIMAL.replace("tower1", "tower 1")).contains(":1: node.name: expected a node name"));
        assertTrue(error(MINIMAL + "rabbitmq.management_url = ftp://x\n").contains("expected an http(s) URL"));
        assertTrue(error(MINIMAL + "just words\n").endsWith(":5: expected KEY=VALUE, got 'just words'"));
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("absent.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.load(f));
        assertEquals(f + ": configuration file not found", e.getMessage());
    }

    @Test
    void theShippedSampleIsValid() {
        NodeConfig c = NodeConfig.load(Path.of("src/main/dist/share/node.conf.sample"));
        assertEquals("tower1", c.nodeName);
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(15), Durations.parse("15"));
        assertEquals(Duration.ofMillis(1500), Durations.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals("0.5s", Durations.format(Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-1"));
    }
}
