package dev.muster.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmallPartsTest {

    @Test
    void serialBatches() {
        List<String> hosts = List.of("a", "b", "c", "d", "e");
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("d", "e")), Batches.split(hosts, List.of(1, "40%")));
        assertEquals(List.of(hosts), Batches.split(hosts, List.of()));
        assertEquals(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e")), Batches.split(hosts, List.of(2)));
    }

    @Test
    void tagSelection() {
        TagFilter only = new TagFilter(Set.of("web"), Set.of());
        assertTrue(only.runs(Set.of("web")));
        assertTrue(only.runs(Set.of("always")));
        assertFalse(only.runs(Set.of()));
        TagFilter all = new TagFilter(Set.of(), Set.of("slow"));
        assertTrue(all.runs(Set.of()));
        assertFalse(all.runs(Set.of("slow")));
        assertFalse(all.runs(Set.of("never")));
        assertTrue(new TagFilter(Set.of("debug"), Set.of()).runs(Set.of("never", "debug")));
        assertFalse(new TagFilter(Set.of(), Set.of("always")).runs(Set.of("always")));
    }
}
