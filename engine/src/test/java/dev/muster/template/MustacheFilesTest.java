package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MustacheFilesTest {

    private final Map<String, Object> vars = Map.of(
            "name", "<b>&\"'",
            "ansible_default_ipv4", Map.of("address", "10.231.0.5", "interface", "host0"),
            "ports", List.of(80, 443));

    @Test
    void mustacheHasNoHtmlEscaping() {
        assertEquals("<b>&\"' <b>&\"'", MustacheFiles.render("{{name}} {{{name}}}", vars));
    }

    @Test
    void dottedAccessAndSections() {
        assertEquals("ip=10.231.0.5 ports=80,443,", MustacheFiles.render("ip={{ ansible_default_ipv4.address }} ports={{#ports}}{{.}},{{/ports}}", vars));
    }

    @Test
    void undefinedVariableInTemplateIsAnErrorNamingIt() {
        TemplateException e = assertThrows(TemplateException.class, () -> MustacheFiles.render("a {{ missing_var }} b", vars));
        assertTrue(e.getMessage().contains("missing_var"), e.getMessage());
        TemplateException dotted = assertThrows(TemplateException.class, () -> MustacheFiles.render("{{ansible_default_ipv4.gateway}}", vars));
        assertTrue(dotted.getMessage().contains("ansible_default_ipv4.gateway"), dotted.getMessage());
    }

    @Test
    void partialsCannotReadControllerFiles() {
        TemplateException e = assertThrows(TemplateException.class, () -> MustacheFiles.render("x {{> /etc/passwd}}", vars));
        assertTrue(e.getMessage().contains("partials"), e.getMessage());
    }
}
