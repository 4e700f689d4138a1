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
        // ansible-core 2.14's parse_kv: {'path': 'a b', 'tab': '\t'}; 'path=a\\ b' gives {'path': 'a\\', '_raw_params': 'b'}
        assertEquals(Map.of("path", "a b", "tab", "\t"), ExtraVars.parse(List.of("path='a b' tab='\\t'")));
        MusterException stray = assertThrows(MusterException.class, () -> ExtraVars.parse(List.of("path=a\\ b")));
        assertEquals("-e expects key=value, @file or {json}, not 'b'", stray.getMessage());
        MusterException open = assertThrows(MusterException.class, () -> ExtraVars.parse(List.of("a='open")));
        assertEquals("-e failed at splitting arguments, either an unbalanced jinja2 block or quotes: a='open", open.getMessage());
    }
}
