package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher given a bad configuration: one clear line, a non-zero exit, no stack trace.
 * Exit 2 is for what the operator must fix, 3 for a database that may come back (systemd retries it).
 */
class BadConfigIT {
    @TempDir
    Path tmp;

    private String fails(List<String> args, int expectedExit, String logName) throws Exception {
        Path log = NodeProcess.logDir().resolve(logName + ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", NodeProcess.home().resolve("bin/muster-node").toString()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "exits");
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(expectedExit, p.exitValue(), out);
        assertEquals(1, out.strip().lines().count(), "exactly one line:\n" + out);
        assertTrue(out.startsWith("muster-node: error: "), out);
        assertFalse(out.contains("Exception") || out.contains("\tat "), "no stack trace:\n" + out);
        return out.strip();
    }

    @Test
    void missingFile() throws Exception {
        Path missing = tmp.resolve("nope.conf");
        String line = fails(List.of("--config", missing.toString()), 2, "bad-missing");
        assertEquals("muster-node: error: " + missing + ": configuration file not found", line);
    }

    @Test
    void unknownKeyNamesFileAndLine() throws Exception {
        Path f = tmp.resolve("typo.conf");
        Files.writeString(f, "node.name = a\n# comment\ndatabse.url = jdbc:postgresql://x/y\n");
        String line = fails(List.of("--config", f.toString()), 2, "bad-unknown-key");
        assertTrue(line.startsWith("muster-node: error: " + f + ":3: unknown key 'databse.url'"), line);
    }

    @Test
    void malformedValueNamesFileAndLine() throws Exception {
        NodeConf c = new NodeConf(tmp, "bad", "jdbc:postgresql://127.0.0.1:1/none").set("listen.port", "eighty");
        Path f = c.write();
        int lineNo = List.copyOf(c.keys.keySet()).indexOf("listen.port") + 2;
        String line = fails(List.of("--config", f.toString()), 2, "bad-malformed");
        assertTrue(line.contains(f + ":" + lineNo + ": listen.port: expected an integer from 0 to 65535, got 'eighty'"), line);
    }

    @Test
    void unreachableDatabaseAtStartIsFatalWithExit3() throws Exception {
        int nothing = Cmd.freePort();
        NodeConf c = new NodeConf(tmp, "lonely", "jdbc:postgresql://127.0.0.1:" + nothing + "/muster")
                .set("database.start_timeout", "1s");
        String line = fails(List.of("--config", c.write().toString()), 3, "bad-unreachable-db");
        assertTrue(line.contains("database unreachable") && line.contains("127.0.0.1:" + nothing), line);
        assertTrue(line.contains("database.start_timeout=1s"), line);
    }

    @Test
    void unknownArgument() throws Exception {
        String line = fails(List.of("--confgi", "x"), 2, "bad-argument");
        assertTrue(line.contains("unknown argument '--confgi'"), line);
    }

    @Test
    void configFromEnvironment() throws Exception {
        Path missing = tmp.resolve("from-env.conf");
        Path log = NodeProcess.logDir().resolve("bad-env.log");
        ProcessBuilder pb = new ProcessBuilder("sh", NodeProcess.home().resolve("bin/muster-node").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MUSTER_NODE_CONF", missing.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(Files.readString(log).contains(missing + ": configuration file not found"));
    }
}
