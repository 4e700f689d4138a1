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
        Optional<TemplateException> problem = ExpressionCheck.condition("path | expandusr == '/root'");
        String message = refused(problem);
        assertTrue(message.contains("unknown filter 'expandusr'") && message.contains("expanduser"), message);
        assertEquals(8, problem.get().column());
    }

    @Test
    void anUnknownTestOrLookupIsRefusedAndWhatJinjaHasPasses() {
        assertTrue(refused(ExpressionCheck.condition("x is frobbed")).contains("unknown test 'frobbed'"));
        assertTrue(refused(ExpressionCheck.condition("lookup('password', '/tmp/x') == 'a'")).contains("lookup plugin (password) not found"));
        assertEquals(Optional.empty(), ExpressionCheck.condition("lookup('file', '/etc/hostname') == 'a'"));
        assertTrue(refused(ExpressionCheck.condition("lookup('pipe', 'id') == 'a'")).contains("not enabled"));
        assertEquals(Optional.empty(), ExpressionCheck.condition("'a' if x else 'b'"));
        assertEquals(Optional.empty(), ExpressionCheck.condition("name.startswith('web')"));
        assertEquals(Optional.empty(), ExpressionCheck.condition("range(3) | list | length == 3"));
        assertEquals(Optional.empty(), ExpressionCheck.condition("data | to_nice_json(indent=2) | length > 0"));
        assertEquals(Optional.empty(), ExpressionCheck.condition("path | expanduser == '/root'"));
    }

    @Test
    void jinjavasOwnFiltersAreRefusedNamingThem() {
        String message = refused(ExpressionCheck.condition("x | cut('a') == 'a'"));
        assertTrue(message.contains("'cut'") && message.contains("Jinjava"), message);
    }

    @Test
    void syntaxErrorsAreRefusedAsBefore() {
        assertTrue(refused(ExpressionCheck.condition("x ==== y")).contains("x ==== y"));
        assertTrue(refused(ExpressionCheck.condition("result.rc == = 0")).contains("column"));
    }

    @Test
    void everyExpressionInsideAValueIsChecked() {
        assertEquals(Optional.empty(), ExpressionCheck.value(Map.of("dest", "/etc/{{ name | lower }}.conf", "mode", "0644")));
        String message = refused(ExpressionCheck.value(Map.of("args", List.of("ok {{ a }}", "{{ home | expandusr }}/x"))));
        assertTrue(message.contains("unknown filter 'expandusr'") && message.contains("home | expandusr"), message);
        assertEquals(Optional.empty(), ExpressionCheck.value("{{ 'yes' if on else 'no' }}"));
        assertEquals(Optional.empty(), ExpressionCheck.value("{% if x %}a{% endif %}"));
        assertTrue(refused(ExpressionCheck.value("{% for x in xs | frobnicate %}{{ x }}{% endfor %}")).contains("unknown filter 'frobnicate'"));
        assertTrue(ExpressionCheck.value("{% if x %}a").isPresent(), "an unclosed block");
    }

    @Test
    void unsafeTextIsNotAnExpression() {
        assertEquals(Optional.empty(), ExpressionCheck.value(UnsafeText.mark("{{ secret | expandusr }} {% raw %}")));
        assertFalse(ExpressionCheck.value("{{ 'x' | expandusr }}").isEmpty(), "the same text, not unsafe, is checked");
    }
}
