package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan-time check refuses exactly what the expression engine cannot evaluate, naming it. */
class ExpressionCheckTest {

    private static String refused(Optional<TemplateException> problem) {
        assertTrue(problem.isPresent(), "expected a refusal");
        return problem.get().getMessage();
    }

    @Test
    void conditionsTheEngineEvaluatesPass() {
        for (String ok : List.of("x | default(1) | int > 2", "r is changed", "r is not failed", "'a' in xs", "not (a and b)",
                "v is version('12.1', '>=')", "name is match('^web')", "xs | length == 0", "d.k is defined", "items | join(',') == ''")) {
            assertEquals(Optional.empty(), ExpressionCheck.condition(ok), ok);
        }
    }

    @Test
    void anUnknownFilterIsNamedWithItsColumn() {
        Optional<TemplateException> problem = ExpressionCheck.condition("path | expanduser == '/root'");
        String message = refused(problem);
        assertTrue(message.contains("unknown filter 'expanduser'"), message);
        assertEquals(8, problem.get().column());
    }

    @Test
    void anUnknownTestLookupsInlineIfAndMethodCallsAreRefused() {
        assertTrue(refused(ExpressionCheck.condition("x is truthy")).contains("unknown test 'truthy'"));
        assertTrue(refused(ExpressionCheck.condition("lookup('file', '/etc/hostname') == 'a'")).contains("lookups (lookup(...))"));
        assertTrue(refused(ExpressionCheck.condition("query('inventory_hostnames', 'all')")).contains("lookups"));
        assertTrue(refused(ExpressionCheck.condition("'a' if x else 'b'")).contains("inline 'a if condition else b'"));
        assertTrue(refused(ExpressionCheck.condition("name.startswith('web')")).contains("method calls ('.startswith(...)')"));
        assertTrue(refused(ExpressionCheck.condition("range(3) | list")).contains("function 'range(...)'"));
    }

    @Test
    void syntaxErrorsAreRefusedAsBefore() {
        assertTrue(refused(ExpressionCheck.condition("x ==== y")).contains("x ==== y"));
        assertTrue(refused(ExpressionCheck.condition("data | to_json(indent=2)")).contains("'=' assigns"));
    }

    @Test
    void everyExpressionInsideAValueIsChecked() {
        assertEquals(Optional.empty(), ExpressionCheck.value(Map.of("dest", "/etc/{{ name | lower }}.conf", "mode", "0644")));
        String message = refused(ExpressionCheck.value(Map.of("args", List.of("ok {{ a }}", "{{ home | expanduser }}/x"))));
        assertTrue(message.contains("unknown filter 'expanduser'") && message.contains("home | expanduser"), message);
        assertTrue(refused(ExpressionCheck.value("{{ 'yes' if on else 'no' }}")).contains("inline"));
        assertTrue(refused(ExpressionCheck.value("{% if x %}a{% endif %}")).contains("Jinja statements"));
    }

    @Test
    void unsafeTextAndMustacheSectionsAreNotExpressions() {
        assertEquals(Optional.empty(), ExpressionCheck.value(UnsafeText.mark("{{ secret | expanduser }} {% raw %}")));
        assertFalse(ExpressionCheck.value("{{ 'x' | expanduser }}").isEmpty(), "the same text, not unsafe, is checked");
        assertEquals(Optional.empty(), ExpressionCheck.value("{{#hosts}}{{.}},{{/hosts}}"));
    }

    @Test
    void everyListedFilterAndTestIsOneTheEngineHas() {
        Map<String, Object> vars = Map.of("x", "1");
        for (String filter : ConditionFunctions.FILTERS) {
            try {
                Expressions.evaluate("x | " + filter, vars);
            } catch (TemplateException e) {
                assertFalse(e.getMessage().contains("unknown filter"), filter + ": " + e.getMessage());
            }
        }
        for (String test : ConditionFunctions.TESTS) {
            try {
                Expressions.evaluate("x is " + test + ("match search regex version version_compare divisibleby sameas in".contains(test)
                        ? "('1')" : ""), vars);
            } catch (TemplateException e) {
                assertFalse(e.getMessage().contains("unknown test"), test + ": " + e.getMessage());
            }
        }
        assertTrue(refused(ExpressionCheck.condition("x | frobnicate")).contains("unknown filter"));
    }
}
