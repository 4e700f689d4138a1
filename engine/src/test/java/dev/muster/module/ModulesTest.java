package dev.muster.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModulesTest {

    private final Modules modules = Modules.standard();

    @Test
    void findsModulesByPlainAndQualifiedName() {
        assertEquals("copy", modules.get("copy").orElseThrow().name());
        assertEquals("copy", modules.get("ansible.builtin.copy").orElseThrow().name());
        assertTrue(modules.get("nosuch").isEmpty());
        assertEquals("systemd", modules.get("ansible.builtin.systemd").orElseThrow().name());
        assertEquals("systemd", modules.get("ansible.builtin.systemd_service").orElseThrow().name());
        assertEquals("apt", modules.get("package").orElseThrow().name());
    }

    @Test
    void suggestsTheClosestNameForATypo() {
        assertEquals(Optional.of("copy"), modules.suggest("cpoy"));
        assertEquals(Optional.of("template"), modules.suggest("templat"));
        assertEquals(Optional.empty(), modules.suggest("xyzzy"));
    }

    @Test
    void bindConvertsTypesFillsDefaultsAndResolvesAliases() {
        Args args = modules.get("file").orElseThrow().spec().bind(Map.of("dest", "/x", "mode", 0644, "recurse", "yes"));
        assertEquals("/x", args.string("path"));
        assertEquals("644", args.string("mode"));
        assertEquals(true, args.bool("recurse"));
        assertEquals(false, args.bool("force"));
        // state has no default: as in Ansible, the file module keeps the state the path is in
        assertEquals(null, args.string("state"));
    }

    @Test
    void bindRejectsBadChoicesTypesAndUnknownNames() {
        ArgSpec spec = modules.get("file").orElseThrow().spec();
        ArgumentException choice = assertThrows(ArgumentException.class, () -> spec.bind(Map.of("path", "/x", "state", "directry")));
        assertTrue(choice.getMessage().contains("did you mean 'directory'"), choice.getMessage());
        assertThrows(ArgumentException.class, () -> spec.bind(Map.of("path", "/x", "recurse", "maybe")));
        assertThrows(ArgumentException.class, () -> spec.bind(Map.of("path", List.of("a"))));
        assertThrows(ArgumentException.class, () -> spec.bind(Map.of("state", "absent")));
        ArgumentException unknown = assertThrows(ArgumentException.class, () -> spec.bind(Map.of("path", "/x", "onwer", "root")));
        assertTrue(unknown.getMessage().contains("did you mean 'owner'"), unknown.getMessage());
    }
}
