package dev.muster.node.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InventoryCheckTest {
    @Test
    void goodInventoryPassesAndABrokenOneNamesItsLine() {
        assertNull(InventoryCheck.problem("lab", "[web]\nweb1 ansible_host=10.0.0.1\n\n[web:vars]\nhttp_port=80\n"));
        String problem = InventoryCheck.problem("lab", "[web]\nweb1\n[web:wrong]\nx\n");
        assertTrue(problem.startsWith("inventory lab:3"), problem);
        assertTrue(problem.contains("unknown type 'wrong'"), problem);
    }

    @Test
    void theFileIsReadAsIni() {
        // YAML-looking text that is valid INI would be misread if the engine tried YAML first.
        assertEquals(null, InventoryCheck.problem("i", "localhost ansible_connection=local\n"));
    }
}
