package dev.muster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --diff output must be what {@code diff -u} prints for the same files (after the two header lines). */
class UnifiedDiffTest {

    @TempDir
    Path dir;

    @Test
    void aOneLineChangeHasNoPhantomLine() {
        String diff = UnifiedDiff.of("/etc/x", "a\nb\nc\n", "a\nB\nc\n");
        assertEquals("--- before: /etc/x\n+++ after: /etc/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n", diff);
        assertEquals("", UnifiedDiff.of("/etc/x", "same", "same"));
    }

    @Test
    void hunksAreThoseOfDiffU() throws Exception {
        List<String[]> cases = List.of(
                new String[] {"a\nb\nc\n", "a\nB\nc\n"},
                new String[] {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\nten\n"},
                new String[] {"a\nb\n", "a\nb\nc\n"},
                new String[] {"", "new\nfile\n"},
                new String[] {"gone\n", ""},
                new String[] {"no newline", "no newline\n"},
                new String[] {"x\ny", "x\nz"},
                new String[] {"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "one\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\ntwelve\n"});
        for (String[] pair : cases) {
            assertEquals(diffU(pair[0], pair[1]), withoutHeader(UnifiedDiff.of("f", pair[0], pair[1])),
                    "before " + pair[0].replace("\n", "\\n") + ", after " + pair[1].replace("\n", "\\n"));
        }
    }

    private static String withoutHeader(String diff) {
        return diff.lines().skip(2).map(line -> line + "\n").reduce("", String::concat);
    }

    private String diffU(String before, String after) throws IOException, InterruptedException {
        Path a = Files.writeString(dir.resolve("a"), before, StandardCharsets.UTF_8);
        Path b = Files.writeString(dir.resolve("b"), after, StandardCharsets.UTF_8);
        Process diff = new ProcessBuilder("diff", "-u", a.toString(), b.toString()).redirectErrorStream(true).start();
        String out = new String(diff.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        diff.waitFor();
        return withoutHeader(out);
    }
}
