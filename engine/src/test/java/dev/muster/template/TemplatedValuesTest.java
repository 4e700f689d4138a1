package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatedValuesTest {

    private final Map<String, Object> vars = Map.of(
            "ansible_default_ipv4", Map.of("address", "10.231.0.5", "interface", "host0"),
            "ports", List.of(80, 443),
            "count", 3,
            "groups", Map.of("tower", List.of("t1", "t2")));

    @Test
    void wholeValueKeepsItsType() {
        assertEquals(List.of(80, 443), TemplatedValues.renderValue("{{ ports }}", vars));
        assertEquals(3, TemplatedValues.renderValue("{{ count }}", vars));
        assertEquals("t1", TemplatedValues.renderValue("{{ groups['tower'][0] }}", vars));
        assertEquals("port 80 of 2", TemplatedValues.renderValue("port {{ ports[0] }} of {{ ports | length }}", vars));
        assertEquals(Map.of("k", List.of("10.231.0.5")), TemplatedValues.renderValue(Map.of("k", List.of("{{ ansible_default_ipv4.address }}")), vars));
        assertEquals("fallback", TemplatedValues.renderValue("{{ nothing | default('fallback') }}", vars));
    }

    @Test
    void undefinedVariableInArgumentIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x {{ nothere }}", vars));
        assertTrue(e.getMessage().contains("nothere"), e.getMessage());
    }

    @Test
    void shellMetacharactersInValuesStayData() {
        assertEquals("$(touch /tmp/pwned)", TemplatedValues.renderValue("{{ v }}", Map.of("v", "$(touch /tmp/pwned)")));
    }
}
