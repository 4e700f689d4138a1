package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.muster.error.MusterException;
import dev.muster.playbook.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The items of each loop lookup. Every expected value is the {@code item} ansible-playbook (ansible-core 2.14)
 * reported on this machine for the same loop (the parity case keyword-loop-lookups.yml runs the same loops side by
 * side).
 */
class LoopLookupsTest {

    private static List<Object> items(String lookup, Object value) {
        return LoopLookups.items(lookup, value, null, null, "t");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void dictTogetherNestedIndexed() {
        assertEquals(List.of(map("key", "http", "value", 80), map("key", "https", "value", 443)),
                items("dict", map("http", 80, "https", 443)));
        assertEquals(List.of(List.of("a", 1), List.of("b", 2), Arrays.asList("c", null)),
                items("together", List.of(List.of("a", "b", "c"), List.of(1, 2))));
        assertEquals(List.of(List.of("x", 1), List.of("x", 2), List.of("y", 1), List.of("y", 2)),
                items("nested", List.of(List.of("x", "y"), List.of(1, 2))));
        assertEquals(List.of(List.of(0, "a"), List.of(1, "b"), List.of(2, "c"), List.of(3, "d")),
                items("indexed_items", List.of("a", List.of("b", "c"), "d")));
        assertEquals(List.of("one string"), items("items", "one string"), "with_items of a string: one item");
        assertEquals(List.of("only"), items("random_choice", List.of("only")));
    }

    @Test
    void subelementsTakeTheListOutOfTheParent() {
        List<Object> users = List.of(map("name", "alice", "keys", List.of("k1", "k2"), "shell", "/bin/sh"),
                map("name", "bob", "keys", List.of("k3")));
        assertEquals(List.of(List.of(map("name", "alice", "shell", "/bin/sh"), "k1"), List.of(map("name", "alice", "shell", "/bin/sh"), "k2"),
                List.of(map("name", "bob"), "k3")), items("subelements", List.of(users, "keys")));
        MusterException missing = assertThrows(MusterException.class, () -> items("subelements", List.of(List.of(map("name", "c")), "keys")));
        assertEquals("task 't': could not find 'keys' key in iterated item '{name=c}'", missing.getMessage());
        assertEquals(List.of(), items("subelements", List.of(List.of(map("name", "c")), "keys", map("skip_missing", true))));
    }

    @Test
    void sequenceBothForms() {
        assertEquals(List.of("node0e", "node10", "node12"), items("sequence", "start=0x0e end=18 stride=2 format=node%02x"));
        assertEquals(List.of("n2", "n6", "n10"), items("sequence", "2-10/4:n%d"));
        assertEquals(List.of("1", "2", "3"), items("sequence", "count=3"));
        assertEquals(List.of("5", "4"), items("sequence", "start=5 end=4 stride=-1"));
        assertThrows(MusterException.class, () -> items("sequence", "start=1"));
    }

    @Test
    void loopNeedsAList() {
        MusterException e = assertThrows(MusterException.class, () -> items(null, "text"));
        assertEquals(true, e.getMessage().startsWith("task 't': Invalid data passed to 'loop', it requires a list, got this instead: text."));
        assertEquals(List.of(List.of(1, 2)), items(null, List.of(List.of(1, 2))), "loop does not flatten");
        assertEquals(List.of(1, 2, 3), items("items", List.of(List.of(1, 2), 3)), "with_items flattens one level");
    }

    @Test
    void fileglobAndFirstFoundSearchTheTasksFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("files/conf"));
        Files.writeString(dir.resolve("files/conf/b.conf"), "b");
        Files.writeString(dir.resolve("files/conf/a.conf"), "a");
        Files.writeString(dir.resolve("files/conf/skip.txt"), "x");
        Files.writeString(dir.resolve("files/second.yml"), "x");
        LoopLookups.FileSearch search = new LoopLookups.FileSearch(Scope.root(dir), dir, "files");
        assertEquals(List.of(dir.resolve("files/conf/a.conf").toString(), dir.resolve("files/conf/b.conf").toString()),
                LoopLookups.items("fileglob", "conf/*.conf", search, null, "t"));
        assertEquals(List.of(dir.resolve("files/second.yml").toString()),
                LoopLookups.items("first_found", List.of("missing.yml", "second.yml"), search, null, "t"));
        assertEquals(List.of(), LoopLookups.items("first_found", List.of(map("files", List.of("none.yml"), "skip", true)), search, null, "t"));
        MusterException none = assertThrows(MusterException.class, () -> LoopLookups.items("first_found", "none.yml", search, null, "t"));
        assertEquals("task 't': No file was found when using first_found.", none.getMessage());
    }
}
