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
        assertThrows(TemplateException.class, () -> Expressions.evaluate("s.class", v), "a restricted property is undefined");
        assertThrows(TemplateException.class, () -> Expressions.evaluate("[1].__class__", v));
        assertThrows(TemplateException.class, () -> Expressions.evaluate("new('java.io.File', '/tmp/pwned')", v));
        assertThrows(TemplateException.class, () -> Expressions.evaluate("x = 1", v));
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
        assertEquals(12L, Expressions.evaluate("count | int", vars));
        assertEquals("t1,t2", Expressions.evaluate("groups.tower | join(',')", vars));
    }

    /**
     * Where Jinjava read alone differs from Jinja2 as Ansible uses it: each of these gave another answer (or a parse
     * error) before the engine pinned Ansible's meaning.
     */
    /**
     * Comparisons are Python's, not EL's: EL coerced one side to the other's type, so a number compared with a word
     * failed ("cannot coerce") and 1 == '1' was true; Python says False, and refuses to order a string and a number.
     */
    @Test
    void comparisonsArePythonsWhatever() {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put("limit", 4096L);
        v.put("word", "unlimited");
        v.put("flag", true);
        assertFalse(Expressions.test("limit == 'unlimited'", v));
        assertTrue(Expressions.test("limit != word", v));
        assertFalse(Expressions.test("1 == '1'", v));
        assertFalse(Expressions.test("'1' == 1", v));
        assertTrue(Expressions.test("1 == 1.0", v));
        assertTrue(Expressions.test("flag == 1", v));
        assertFalse(Expressions.test("none == 0", v));
        assertTrue(Expressions.test("[1, 'a'] == [1.0, 'a']", v));
        assertTrue(Expressions.test("{'a': 1} == {'a': 1}", v));
        assertTrue(Expressions.test("'10' < '9'", v));
        assertTrue(Expressions.test("limit >= 4096 and limit < 5000.5", v));
        assertThrows(TemplateException.class, () -> Expressions.test("'10' > 9", v));
        assertThrows(TemplateException.class, () -> Expressions.test("none < 1", v));
        assertEquals("xxx", Expressions.evaluate("'x' * 3", v));
        assertEquals("ab   |", Expressions.evaluate("'ab'.ljust(5) ~ '|'", v));
        assertEquals("--ab", Expressions.evaluate("'ab'.rjust(4, '-')", v));
        assertEquals("a,b1None", Expressions.evaluate("'a,b' ~ 1 ~ none", v));
        assertEquals("True[1, 'a']", Expressions.evaluate("flag ~ [1, 'a']", v));
        assertThrows(TemplateException.class, () -> Expressions.evaluate("'x' ~ nope", v));
        // a keyword argument takes the whole ~ expression, as in Jinja (Jinjava bound seed= tighter)
        assertEquals(Expressions.evaluate("60 | random(seed='t1h')", v), Expressions.evaluate("60 | random(seed=inventory_hostname ~ 'h')", v));
        assertEquals(List.of(0L, 0L), Expressions.evaluate("[0] * 2", v));
        assertEquals(6L, Expressions.evaluate("2 * 3", v));
        TemplateException undefined = assertThrows(TemplateException.class, () -> Expressions.test("'x' == nope", v));
        assertTrue(undefined.getMessage().contains("nope"), undefined.getMessage());
        assertEquals("no\n", TemplateFiles.render("t.j2", "{% if limit == 'unlimited' %}yes{% else %}no{% endif %}\n", v,
                TemplateFiles.Options.ANSIBLE));
    }

    @Test
    void whereJinjavaAloneDiffersFromAnsible() {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put("a", Map.of("b", Map.of("c", 1)));
        v.put("item", List.of("first", List.of("x", "y")));
        v.put("n", "3");
        v.put("div", 4);
        v.put("mod", Map.of("empty", "e"));
        v.put("d", Map.of("k", Map.of("deep", List.of(1, 2))));
        // a missing key is undefined, also down a chain and under default, never null
        assertFalse(Expressions.test("a.x.c is defined", v));
        assertFalse(Expressions.test("a.b.x is defined", v));
        assertEquals("fallback", Expressions.evaluate("a.x.c | default('fallback')", v));
        assertEquals(1, Expressions.evaluate("a.b.c | default(2)", v));
        TemplateException chained = assertThrows(TemplateException.class, () -> Expressions.evaluate("a.x.c == 1", v));
        assertTrue(chained.getMessage().contains("'x'"), chained.getMessage());
        // None is defined; default leaves it alone (Jinja2's default is for undefined only)
        assertTrue(Expressions.test("nothing is defined", v));
        assertEquals(null, Expressions.evaluate("nothing | default('x')", v));
        assertEquals("x", Expressions.evaluate("nothing | default('x', true)", v));
        // precedence: not binds looser than ==, filters tighter than tests
        assertTrue(Expressions.test("not inventory_hostname == 't2'", v));
        assertFalse(Expressions.test("not inventory_hostname == 't1'", v));
        assertTrue(Expressions.test("n | int is odd", v));
        assertTrue(Expressions.test("n|int is odd and count | int is even", v));
        // item.0 is an index, written as an attribute
        assertEquals("first", Expressions.evaluate("item.0", v));
        assertEquals("y", Expressions.evaluate("item.1.1", v));
        assertEquals(1.5, Expressions.evaluate("1.5", v));
        // names EL reserves are ordinary names in Jinja
        assertEquals(5L, Expressions.evaluate("div + 1", v));
        assertEquals("e", Expressions.evaluate("mod.empty", v));
        assertTrue(Expressions.test("empty | length == 0", v));
        // Python's string escapes
        assertEquals("a\nb", Expressions.evaluate("'a\\nb'", v));
        assertEquals(List.of("a", "b"), Expressions.evaluate("'a\\nb'.split('\\n')", v));
        assertEquals("A\t", Expressions.evaluate("'\\x41\\t'", v));
        // Python's str methods, not Java's (Java's split reads a regular expression)
        assertEquals(List.of("1", "2"), Expressions.evaluate("'1.2'.split('.')", v));
        assertTrue(Expressions.test("inventory_hostname.startswith(('x', 't'))", v));
        assertThrows(TemplateException.class, () -> Expressions.evaluate("inventory_hostname.getBytes()", v));
        assertEquals("t1:22 {x}", Expressions.evaluate("'{}:{port} {{x}}'.format(inventory_hostname, port=22)", v));
        assertEquals(List.of("a.b", "c"), Expressions.evaluate("'a.b.c'.rsplit('.', 1)", v));
        assertEquals(List.of("k"), Expressions.evaluate("d.keys() | sort", v));
        assertEquals(List.of(List.of("k", Map.of("deep", List.of(1, 2)))), Expressions.evaluate("d.items() | list", v));
        assertEquals("none", Expressions.evaluate("d.get('x', 'none')", v));
        assertEquals("x-t1:22", Expressions.evaluate("'x-' ~ '%s:%d' % (inventory_hostname, 22)", v));
        assertEquals(List.of("a b", "c"), Expressions.evaluate("'a b c'.rsplit(None, 1)", v));
        // a condition written as a template is rendered, then its text evaluated as a condition
        v.put("check", "n | int == 3");
        v.put("yes_flag", true);
        assertTrue(Expressions.test("{{ check }}", v));
        assertTrue(Expressions.test("{{ yes_flag }}", v));
        assertFalse(Expressions.test("{{ not yes_flag }}", v));
        // tuples and nested dict literals
        assertEquals(List.of(1L, 2L), Expressions.evaluate("(1, 2)", v));
        assertEquals(Map.of("x", Map.of("y", 1L)), Expressions.evaluate("{'x': {'y': 1}}", v));
        assertEquals(List.of(1, 2), Expressions.evaluate("d.k.deep", v));
        assertEquals(Map.of("x", Map.of("y", 1L)), TemplatedValues.renderValue("{{ {'x': {'y': 1}} }}", v));
    }

    @Test
    void mandatoryNamesTheMissingVariable() {
        TemplateException e = assertThrows(TemplateException.class, () -> Expressions.evaluate("nope | mandatory", vars));
        assertTrue(e.getMessage().contains("Mandatory variable 'nope' not defined."), e.getMessage());
        assertEquals("yes", Expressions.evaluate("flag | mandatory", vars));
        TemplateException own = assertThrows(TemplateException.class, () -> Expressions.evaluate("nope | mandatory('set nope')", vars));
        assertEquals("set nope", own.getMessage());
    }
}

