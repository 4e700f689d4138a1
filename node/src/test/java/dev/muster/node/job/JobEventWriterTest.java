package dev.muster.node.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobEventWriterTest {
    @Test
    void encodesCopyTextEscapingBackslashesAndControlCharacters() {
        JobEventWriter w = new JobEventWriter(7, () -> {
            throw new java.sql.SQLException("unused");
        });
        try {
            String line = "{\"msg\":\"a\\\\b\\n\\u0000\"}";
            String copy = w.encode(java.util.List.of(new JobEventWriter.Row(3, Instant.parse("2026-01-02T03:04:05.123456789Z"), line)));
            assertEquals("7\t3\t2026-01-02T03:04:05.123456Z\t{\"msg\":\"a\\\\\\\\b\\\\n\\\\ufffd\"}\n", copy);
        } finally {
            w.close();
        }
    }
}
