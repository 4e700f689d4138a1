package dev.muster.vars;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.muster.error.MusterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraVarsTest {

    @Test
    void keyValuesFilesAndJsonLaterWins(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.yml");
        Files.writeString(file, "a: from-file\nlist: [1, 2]\n");
        Map<String, Object> vars = ExtraVars.parse(List.of("a=1 b='two words'", "@" + file, "{\"c\": {\"d\": true}}", "a=last"));
        assertEquals("last", vars.get("a"));
        assertEquals("two words", vars.get("b"));
        assertEquals(List.of(1, 2), vars.get("list"));
        assertEquals(Map.of("d", true), vars.get("c"));
        assertThrows(MusterException.class, () -> ExtraVars.parse(List.of("novalue")));
    }

    @Test
    void keyValuesAreReadAsModuleArgumentsAre() {
        assertEquals(Map.of("path", "a b"), ExtraVars.parse(List.of("path=a\\ b")));
        MusterException open = assertThrows(MusterException.class, () -> ExtraVars.parse(List.of("a='open")));
        assertEquals("-e unbalanced quote in arguments: a='open", open.getMessage());
    }
}
