package dev.muster.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.executor.fakes.FakeInventory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ansible's host pattern grammar, resolved against an inventory in inventory order. */
class HostPatternTest {

    private final FakeInventory inventory = new FakeInventory()
            .group("web", "web1", "web2").group("db", "db1", "web2").group("eu", "web1", "db1");

    @Test
    void grammar() {
        assertEquals(List.of("web1", "web2", "db1"), HostPattern.resolve("all", inventory));
        assertEquals(List.of("web1", "web2", "db1"), HostPattern.resolve("*", inventory));
        assertEquals(List.of("web1", "web2", "db1"), HostPattern.resolve("web:db", inventory));
        assertEquals(List.of("web1"), HostPattern.resolve("web:!db", inventory));
        assertEquals(List.of("web1"), HostPattern.resolve("web:&eu", inventory));
        assertEquals(List.of("web1", "web2"), HostPattern.resolve("web*", inventory));
        assertEquals(List.of("db1"), HostPattern.resolve("~d.\\d", inventory));
        assertEquals(List.of("web1", "db1"), HostPattern.resolve("!web2", inventory));
        assertEquals(List.of("db1"), HostPattern.resolve("db1,nosuch", inventory));
        assertEquals(List.of("nosuch"), HostPattern.unknownTerms("db1:nosuch", inventory));
    }
}
