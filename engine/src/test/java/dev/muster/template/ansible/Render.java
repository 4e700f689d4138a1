package dev.muster.template.ansible;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.util.List;
import java.util.Map;

/** Renders through a plain Jinjava with Ansible's library registered, as the engine does. */
final class Render {
    private static final Jinjava JINJAVA = new Jinjava();

    static {
        AnsibleLibrary.registerOn(JINJAVA.getGlobalContext());
    }

    private Render() {
    }

    static RenderResult result(String template, Map<String, Object> vars) {
        return JINJAVA.renderForResult(template, vars);
    }

    /** The template renders to exactly this text, without any error. */
    static void ok(String template, String expected) {
        ok(template, Map.of(), expected);
    }

    static void ok(String template, Map<String, Object> vars, String expected) {
        RenderResult r = result(template, vars);
        List<TemplateError> errors = r.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        assertTrue(errors.isEmpty(), () -> template + " failed: " + errors);
        assertEquals(expected, r.getOutput(), template);
    }

    /** The template fails with a fatal error whose message holds this text (the filter's or test's name). */
    static void fails(String template, String expected) {
        RenderResult r = result(template, Map.of());
        List<TemplateError> errors = r.getErrors().stream().filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        assertTrue(!errors.isEmpty(), () -> template + " rendered '" + r.getOutput() + "' instead of failing");
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains(expected)), () -> template + ": " + errors + " does not say " + expected);
    }
}
