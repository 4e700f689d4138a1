package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {

    private final Map<String, Object> vars = vars();

    private static Map<String, Object> vars() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("inventory_hostname", "t1");
        v.put("groups", Map.of("tower", List.of("t1", "t2")));
        v.put("result", Map.of("rc", 0, "changed", true, "failed", false, "stdout", "active running"));
        v.put("skipped_result", Map.of("skipped", true, "changed", false));
        v.put("flag", "yes");
        v.put("empty", List.of());
        v.put("nothing", null);
        v.put("text", "false");
        v.put("count", "12");
        return v;
    }

    private boolean t(String condition) {
        return Expressions.test(condition, vars);
    }

    @Test
    void ansibleGrammar() {
        assertTrue(t("inventory_hostname == groups['tower'][0]"));
        assertTrue(t("not inventory_hostname == 't2'"));
        assertTrue(t("result.rc == 0 and result is changed"));
        assertTrue(t("result.rc != 0 or result is succeeded"));
        assertFalse(t("result is failed"));
        assertTrue(t("skipped_result is skipped and skipped_result is not changed"));
        assertTrue(t("foo is not defined"));
        assertTrue(t("result is defined and result.rc is defined"));
        assertFalse(t("result.nope is defined"));
        assertTrue(t("groups['tower'][1] is defined"));
        assertFalse(t("groups['tower'][2] is defined"));
        assertTrue(t("'t2' in groups['tower']"));
        assertTrue(t("'t3' not in groups['tower']"));
        assertTrue(t("'running' in result.stdout"));
        assertTrue(t("flag | bool"));
        assertFalse(t("text | bool"));
        assertTrue(t("text"), "a non-empty string is true, as in Jinja");
        assertFalse(t("empty"));
        assertTrue(t("empty | length == 0"));
        assertTrue(t("[] | length == 0"));                          // a list literal is a list, not a Java array
        assertTrue(t("missing_group | default([]) | length == 0"));
        assertTrue(t("['a', 'b'] | length == 2"));
        assertTrue(t("count | int > 10"));
        assertTrue(t("nothing is none"));
        assertTrue(t("(missing | default(5)) == 5"));
        assertTrue(t("True and not False"));
        assertTrue(t("groups.tower | length == 2"));
    }

    @Test
    void undefinedVariableIsAnErrorNamingIt() {
        TemplateException e = assertThrows(TemplateException.class, () -> t("missing_thing == 1"));
        assertTrue(e.getMessage().contains("missing_thing"), e.getMessage());
        TemplateException attribute = assertThrows(TemplateException.class, () -> t("result.nope == 1"));
        assertTrue(attribute.getMessage().contains("nope"), attribute.getMessage());
    }

    @Test
    void syntaxErrorsAreFoundBeforeEvaluationWithAColumn() {
        TemplateException e = Expressions.check("result.rc == = 0").orElseThrow();
        assertTrue(e.column() >= 12 && e.column() <= 14, "column " + e.column() + ": " + e.getMessage());
        assertTrue(Expressions.check("result.rc ==").isPresent());
        assertEquals(1, Expressions.check("| bool").orElseThrow().column());
        assertTrue(Expressions.check("x is").isPresent());
        assertTrue(Expressions.check("a and (b or c)").isEmpty());
    }

    @Test
    void sandboxAllowsNoClassAccessNorSideEffects() {
        Map<String, Object> v = Map.of("s", "x");
        assertThrows(TemplateException.class, () -> Expressions.evaluate("s.getClass().forName('java.lang.Runtime')", v));
        assertThrows(TemplateException.class, () -> Expressions.evaluate("new('java.io.File', '/tmp/pwned')", v));
        assertTrue(Expressions.check("x = 1").isPresent());
        assertTrue(Expressions.check("for (i : [1]) {}").isPresent());
    }

    @Test
    void testsWithArguments() {
        assertTrue(t("result.stdout is search('run+ing')"));
        assertFalse(t("result.stdout is match('running')"));
        assertTrue(t("result.stdout is not match('running')"));
        assertTrue(t("'12.10' is version('12.9', '>')"));
        assertTrue(t("count is version('12', '==') and count | int is divisibleby(4)"));
    }

    @Test
    void expressionsReturnValues() {
        assertEquals(List.of("t1", "t2"), Expressions.evaluate("groups['tower']", vars));
        assertEquals(12, Expressions.evaluate("count | int", vars));
        assertEquals("t1,t2", Expressions.evaluate("groups.tower | join(',')", vars));
    }
}
