package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private final Map<String, Object> vars = Map.of(
            "name", "<b>&\"'",
            "ansible_default_ipv4", Map.of("address", "10.231.0.5", "interface", "host0"),
            "ports", List.of(80, 443),
            "count", 3,
            "groups", Map.of("tower", List.of("t1", "t2")),
            "inventory_hostname", "t1");

    @Test
    void mustacheHasNoHtmlEscaping() {
        assertEquals("<b>&\"' <b>&\"'", Templates.render("{{name}} {{{name}}}", vars));
    }

    @Test
    void dottedAccessAndSections() {
        assertEquals("ip=10.231.0.5 ports=80,443,", Templates.render("ip={{ ansible_default_ipv4.address }} ports={{#ports}}{{.}},{{/ports}}", vars));
    }

    @Test
    void undefinedVariableInTemplateIsAnErrorNamingIt() {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render("a {{ missing_var }} b", vars));
        assertTrue(e.getMessage().contains("missing_var"), e.getMessage());
        TemplateException dotted = assertThrows(TemplateException.class, () -> Templates.render("{{ansible_default_ipv4.gateway}}", vars));
        assertTrue(dotted.getMessage().contains("ansible_default_ipv4.gateway"), dotted.getMessage());
    }

    @Test
    void wholeValueKeepsItsType() {
        assertEquals(List.of(80, 443), Templates.renderValue("{{ ports }}", vars));
        assertEquals(3, Templates.renderValue("{{ count }}", vars));
        assertEquals("t1", Templates.renderValue("{{ groups['tower'][0] }}", vars));
        assertEquals("port 80 of 2", Templates.renderValue("port {{ ports[0] }} of {{ ports | length }}", vars));
        assertEquals(Map.of("k", List.of("10.231.0.5")), Templates.renderValue(Map.of("k", List.of("{{ ansible_default_ipv4.address }}")), vars));
        assertEquals("fallback", Templates.renderValue("{{ nothing | default('fallback') }}", vars));
    }

    @Test
    void undefinedVariableInArgumentIsAnError() {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.renderValue("x {{ nothere }}", vars));
        assertTrue(e.getMessage().contains("nothere"), e.getMessage());
    }

    @Test
    void partialsCannotReadControllerFiles() {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render("x {{> /etc/passwd}}", vars));
        assertTrue(e.getMessage().contains("partials"), e.getMessage());
    }

    @Test
    void shellMetacharactersInValuesStayData() {
        assertEquals("$(touch /tmp/pwned)", Templates.renderValue("{{ v }}", Map.of("v", "$(touch /tmp/pwned)")));
    }
}
