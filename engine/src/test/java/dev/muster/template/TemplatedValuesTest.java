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

    /**
     * A YAML block (`block: |`) that loops ends in a newline after {% endfor %}: ansible-playbook gives
     * "80\n443\n" (trim_blocks, then its trailing newlines put back); stripping the text first gave "80\n443\n\n".
     */
    @Test
    void aBlockWithStatementsKeepsAnsiblesTrailingNewlines() {
        TemplateEngine engine = new TemplateEngine();
        assertEquals("80\n443\n", engine.renderValue("{% for p in ports %}\n{{ p }}\n{% endfor %}\n", vars));
        assertEquals("3\n", engine.renderValue("{{ count }}\n", vars));
    }

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

    /** What ansible-playbook 2.14 gives (jinja-native-types): text, except a lone variable and what reads as a literal. */
    @Test
    void anExpressionsValueIsAnsiblesText() {
        assertEquals(3, TemplatedValues.renderValue("{{ count }}", vars), "a lone variable keeps its number");
        assertEquals("4", TemplatedValues.renderValue("{{ count + 1 }}", vars), "any other expression gives text");
        assertEquals("", TemplatedValues.renderValue("{{ none }}", vars), "None is written as nothing");
        Map<String, Object> nulls = new java.util.HashMap<>();
        nulls.put("null_type", null);
        assertEquals(null, TemplatedValues.renderValue("{{ null_type }}", nulls), "a lone variable holding None stays None (Ansible's SINGLE_VAR)");
        assertEquals("", TemplatedValues.renderValue("{{ null_type if true else 1 }}", nulls), "any other None is written as nothing");
        // the same through a variable's lazy templating (a vars file's "{{ null_type }}")
        assertEquals(null, Templates.render(new TemplateEngine(), "{{ null_type }}", nulls));
        assertEquals("", Templates.render(new TemplateEngine(), "{{ d.n }}", Map.of("d", java.util.Collections.singletonMap("n", null))));
        Map<String, Object> dict = new java.util.LinkedHashMap<>(Map.of("foo", "bar"));
        assertEquals("{\n  \"foo\": \"bar\"\n}", TemplatedValues.renderValue("{{ d | to_nice_json(indent=(two|int)) }}",
                Map.of("d", dict, "two", "2")), "a text filter with a filter in its arguments keeps its text");
        assertEquals(List.of(1L, 2L), TemplatedValues.renderValue("{{ '[1, 2]' }}", vars), "text that reads as a list is one");
        assertEquals(true, TemplatedValues.renderValue("{{ 'True' }}", vars));
        assertEquals(List.of(3L), TemplatedValues.renderValue("[{{ count }}]", vars));
        assertEquals("[x]", TemplatedValues.renderValue("{{ '[x]' }}", vars), "a name is no literal");
        String unsafe = UnsafeText.mark("[1, 2]");
        assertEquals("[1, 2]", TemplatedValues.renderValue("{{ u }}", Map.of("u", unsafe)), "a registered result is never read as a literal");
    }

    /**
     * Found by rendering 355 expressions and templates with Ansible's own Templar beside ours: a task's backslashes reach
     * the filter as written (Ansible doubles them inside {{ }} string literals before Jinja undoes it), so these gave
     * another value, reported as success.
     */
    @Test
    void backslashesInATasksExpressionsReachTheFilterAsWritten() {
        Map<String, Object> words = Map.of("s", "Hello World");
        // two backslashes in the task text: Ansible's regex is \\w (a backslash, then w), which does not match
        assertEquals("x=Hello World", TemplatedValues.renderValue("x={{ s | regex_replace('(\\\\w+) (\\\\w+)', '\\\\2 \\\\1') }}", words));
        // one backslash: \w, a word character
        assertEquals("x=World Hello", TemplatedValues.renderValue("x={{ s | regex_replace('(\\w+) (\\w+)', '\\2 \\1') }}", words));
        assertEquals("x=a\\nb", TemplatedValues.renderValue("x={{ 'a\\nb' }}", words), "a backslash and an n, not a newline");
        // statements, comments and raw blocks are Jinja's as they are
        assertEquals("a\nb", TemplatedValues.renderValue("{% if true %}{{ 'a' }}{% endif %}{% set n = '\\n' %}{{ n }}b", words));
        assertEquals("{{ '\\\\' }}", TemplatedValues.renderValue("{% raw %}{{ '\\\\' }}{% endraw %}", words));
    }

    @Test
    void listIndexAndCountHavePythonsMeaning() {
        Map<String, Object> numbers = Map.of("l", List.of(3, 1, 2, 2));
        assertEquals("x=2", TemplatedValues.renderValue("x={{ l.index(2) }}", numbers), "Java's indexOf gave -1: a YAML 2 is not a Long");
        assertEquals("x=2", TemplatedValues.renderValue("x={{ l.count(2) }}", numbers));
        TemplateException missing = assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x={{ l.index(9) }}", numbers));
        assertTrue(missing.getMessage().contains("9 is not in list"), missing.getMessage());
    }

    /** A filter the engine lacks printed nothing in its place at run time (the plan refuses it, but text can arrive later). */
    @Test
    void anUnknownFilterOrTestMetAtRunTimeIsAnErrorNotAnEmptyText() {
        TemplateException filter = assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x={{ '%Y' | strftime }}", vars));
        assertTrue(filter.getMessage().contains("strftime"), filter.getMessage());
        TemplateException test = assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x={{ 'a' is callable }}", vars));
        assertTrue(test.getMessage().contains("callable"), test.getMessage());
        assertEquals("x=", TemplatedValues.renderValue("x={{ none }}", vars), "None still prints as nothing");
    }

    /** Python's integers are unbounded: a product or power past 64 bits is refused, never wrapped or saturated. */
    @Test
    void anIntegerPast64BitsIsRefusedNotWrapped() {
        // an expression's value becomes its text, as Ansible's templar gives it
        assertEquals("1024", TemplatedValues.renderValue("{{ 2 ** 10 }}", vars));
        assertEquals("0.5", TemplatedValues.renderValue("{{ 2 ** -1 }}", vars));
        assertEquals("1000000000000", TemplatedValues.renderValue("{{ 100000000000 * 10 }}", vars));
        TemplateException power = assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x={{ 10 ** 20 }}", vars));
        assertTrue(power.getMessage().contains("10 ** 20 does not fit in 64 bits"), power.getMessage());
        assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x={{ 4294967296 * 4294967296 }}", vars));
    }

    /** A dict literal's key written as a name is the variable's value (Jinjava took the name itself). */
    @Test
    void aDictKeyWrittenAsANameIsTheVariablesValue() {
        Map<String, Object> loop = Map.of("item", "web", "n", 3);
        assertEquals(Map.of("web", true), TemplatedValues.renderValue("{{ {item: true} }}", loop));
        assertEquals(Map.of("item", true), TemplatedValues.renderValue("{{ {'item': true} }}", loop));
        assertEquals(Map.of("base", 1L, "web", 2L), TemplatedValues.renderValue("{{ {'base': 1} | combine({item: 2}) }}", loop));
        TemplateException undefined = assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("{{ {nothing: 1} }}", loop));
        assertTrue(undefined.getMessage().contains("nothing"), undefined.getMessage());
        assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("{{ {n: 1} }}", loop), "a number key from a name is refused");
    }

    /** Python's %: the remainder takes the divisor's sign, and text % value formats (both differed or failed in Jinjava). */
    @Test
    void moduloAndStringFormattingArePythons() {
        Map<String, Object> numbers = Map.of("m", -7, "n", 5, "f", 3.5, "s", "ab");
        assertEquals("x=2", TemplatedValues.renderValue("x={{ m % 3 }}", numbers), "Java's remainder gave -1");
        assertEquals("x=-2", TemplatedValues.renderValue("x={{ 7 % -3 }}", numbers));
        assertEquals("x=0.5", TemplatedValues.renderValue("x={{ -7.5 % 2 }}", numbers));
        assertEquals("x=05", TemplatedValues.renderValue("x={{ '%02d' % n }}", numbers));
        assertEquals("x=50%", TemplatedValues.renderValue("x={{ '%d%%' % 50 }}", numbers));
        assertEquals("x=1", TemplatedValues.renderValue("x={{ '%(a)s' % {'a': 1} }}", numbers));
        assertEquals("x=[1, 2]", TemplatedValues.renderValue("x={{ '%s' % [1, 2] }}", numbers));
        assertEquals("x=ab-5", TemplatedValues.renderValue("x={{ '%s-%s' % (s, n) }}", numbers));
        assertThrows(TemplateException.class, () -> TemplatedValues.renderValue("x={{ n % 0 }}", numbers));
    }
}
