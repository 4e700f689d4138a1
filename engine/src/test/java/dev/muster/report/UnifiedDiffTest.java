package dev.muster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnifiedDiffTest {
    @Test
    void unifiedDiffOfChangedLine() {
        String diff = UnifiedDiff.of("/etc/x", "a\nb\nc\n", "a\nB\nc\n");
        assertEquals("--- before: /etc/x\n+++ after: /etc/x\n@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n \n", diff);
        assertEquals("", UnifiedDiff.of("/etc/x", "same", "same"));
    }
}
