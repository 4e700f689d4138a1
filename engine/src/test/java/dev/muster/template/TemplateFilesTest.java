package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Template files rendered as ansible-playbook 2.14 renders them (each expected text is its output for the same file). */
class TemplateFilesTest {

    private static final String LOOP = "a\n{% for x in items %}\n  {% if x > 1 %}\nitem {{ x }}\n  {% endif %}\n{% endfor %}\nend\n\n";

    private static Map<String, Object> vars() {
        Map<String, Object> vars = new HashMap<>();
        vars.put("items", List.of(1, 2, 3));
        vars.put("flag", true);
        vars.put("nothing", null);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", "x");
        m.put("b", 2);
        vars.put("m", m);
        return vars;
    }

    private static String render(String text) {
        return TemplateFiles.render("t.j2", text, vars(), TemplateFiles.Options.ANSIBLE);
    }

    @Test
    void trimBlocksOnLstripOffAndTheTrailingNewlinesAsAnsible() {
        assertEquals("a\n    item 2\n    item 3\n  end\n\n", render(LOOP));
    }

    @Test
    void theTasksOptions() {
        assertEquals("a\n\n\n\n\nitem 2\n\n\n\nitem 3\n\n\nend\n\n",
                TemplateFiles.render("t.j2", LOOP, vars(), new TemplateFiles.Options(false, true, false)));
    }

    /**
     * Jinjava renders a for loop's {% else %} part inside every iteration ("a1emptya2empty") and nothing for an empty
     * list: refused rather than written wrong. An else of an if inside a loop is untouched.
     */
    @Test
    void aForLoopsElseIsRefusedNotRenderedInsideEveryIteration() {
        TemplateException refused = assertThrows(TemplateException.class,
                () -> render("x\n{% for i in items %}a{{ i }}{% else %}empty{% endfor %}\n"));
        assertTrue(refused.getMessage().contains("'{% else %}' of a '{% for %}' loop (template line 2)"), refused.getMessage());
        assertEquals("nonea2 a3 \n", render("{% for i in items %}{% if i > 1 %}a{{ i }} {% else %}none{% endif %}{% endfor %}\n"));
    }

    /** Under lstrip_blocks Jinja2 keeps the spaces before a {%+ tag, and Jinjava strips them: refused, not written wrong. */
    @Test
    void aPlusTagUnderLstripBlocksIsRefused() {
        TemplateException refused = assertThrows(TemplateException.class, () -> TemplateFiles.render("t.j2",
                "a\n    {%+ if flag %}x{% endif %}\n", vars(), new TemplateFiles.Options(true, true, false)));
        assertTrue(refused.getMessage().contains("'{%+'"), refused.getMessage());
    }

    /**
     * Jinja2's loop filter ({% for x in items if cond %}). Jinjava read "items if cond" as one conditional expression
     * outside the loop: "undefined variable 'i'", or every item kept ("a1a2a3" for the second case). Expected texts
     * are Jinja2 3.1's (trim_blocks, as Ansible), whitespace dashes and nested filtered loops included.
     */
    @Test
    void aLoopFilterKeepsOnlyTheItemsItsConditionHolds() {
        assertEquals("23\n", render("{% for i in items if i > 1 %}{{ i }}{% endfor %}\n"));
        assertEquals("a1a3\n", render("{% for i in items if not (i == 2) | default(false) %}a{{ i }}{% endfor %}\n"));
        assertEquals("23end\n", render("{%- for i in items if i > 1 -%}\n  {{ i }}\n{%- endfor %}\nend\n"));
        assertEquals("a\n  item 1\n  item 3\nb\n", render("a\n{% for i in items if i != 2 %}\n  item {{ i }}\n{% endfor %}\nb\n"));
        assertEquals("31 32 \n", render("{% for x in items if x in [1, 3] %}{% for y in items if y < x %}{{ x }}{{ y }} {% endfor %}{% endfor %}\n"));
        assertEquals("[a if b][c]\n", render("{% for x in ['a if b', 'c'] if x %}[{{ x }}]{% endfor %}\n"));
        assertEquals("3\n", render("{% for x in (items if items else []) if x > 2 %}{{ x }}{% endfor %}\n"));
        TemplateException refused = assertThrows(TemplateException.class,
                () -> render("{% for i in items if i > 1 %}{{ loop.index }}{% endfor %}\n"));
        assertTrue(refused.getMessage().contains("reads 'loop'"), refused.getMessage());
    }

    /** Jinjava's loop has no previtem/nextitem: under default() they printed the default for every item. */
    @Test
    void theLoopsNeighboursAreRefused() {
        TemplateException refused = assertThrows(TemplateException.class,
                () -> render("{% for i in items %}{{ loop.previtem | default('none') }}{% endfor %}\n"));
        assertTrue(refused.getMessage().contains("'loop.previtem' is not supported"), refused.getMessage());
    }

    @Test
    void aJinja2HeaderOverridesTheOptions() {
        assertEquals("a\nitem 2\nitem 3\nend\n", render("#jinja2: lstrip_blocks: True\n" + LOOP.substring(0, LOOP.length() - 1)));
        TemplateException bad = assertThrows(TemplateException.class, () -> render("#jinja2: lstrip_blocks True\nx"));
        assertTrue(bad.getMessage().contains("colon"), bad.getMessage());
        assertThrows(TemplateException.class, () -> render("#jinja2: variable_start_string: '[['\nx"));
    }

    @Test
    void statementsCommentsMacrosWhitespaceControlAndPythonValues() {
        String template = """
                # {{ ansible_managed }}
                {# comment #}
                flag={{ flag }} none={{ nothing }} list={{ items }} map={{ m }} f={{ 2.0 }} s={{ ["it's", "q"] }}
                {%- set y = items | length %}
                {% macro kv(k, v) %}{{ k }}={{ v }}{% endmacro %}
                {{ kv("n", y) }}
                {% for k, v in m.items() %}
                {{ k }}: {{ v }}
                {% endfor %}
                {{ "yes" if flag else "no" }} {{ items | join(",") }} {{ 7 // 2 }} {{ 7 / 2 }} {{ 2 ** 3 }} {{ 'a' ~ 1 }}
                last {%- if flag %} T {%- endif %}
                """;
        assertEquals("""
                # Ansible managed
                flag=True none= list=[1, 2, 3] map={'a': 'x', 'b': 2} f=2.0 s=["it's", 'q']n=3
                a: x
                b: 2
                yes 1,2,3 3 3.5 8 a1
                last T
                """, render(template));
    }

    @Test
    void anUndefinedVariableIsAnErrorNamingIt() {
        TemplateException e = assertThrows(TemplateException.class, () -> render("x {{ missing_var }} y\n"));
        assertTrue(e.getMessage().contains("missing_var"), e.getMessage());
        TemplateException attribute = assertThrows(TemplateException.class, () -> render("{{ m.nope }}\n"));
        assertTrue(attribute.getMessage().contains("nope"), attribute.getMessage());
        assertEquals("d|d|False\n", render("{{ missing | default('d') }}|{{ m.nope | d('d') }}|{{ missing is defined }}\n"));
    }

    @Test
    void anUndefinedVariableInsideAnExpressionIsAnErrorAsWithAnsiblesStrictUndefined() {
        // each rendered silently before ("x", "NONE", the else branch): ansible-playbook fails every one of them
        for (String text : java.util.List.of("{{ u ~ 'x' }}\n", "{{ u | upper }}\n", "{% if u %}a{% else %}b{% endif %}\n",
                "{{ 'a' if u == 'x' else 'b' }}\n", "{{ [1, u] }}\n", "{% for i in u %}{{ i }}{% endfor %}\n")) {
            TemplateException e = assertThrows(TemplateException.class, () -> render(text), text);
            assertTrue(e.getMessage().contains("'u'"), text + ": " + e.getMessage());
        }
        assertEquals("z|z|True|False|ok\n", render("{{ u | default('z') }}|{{ u | d('z', true) }}|{{ u is undefined }}|"
                + "{{ u is defined }}|{% if u is defined and u %}no{% else %}ok{% endif %}\n"));
        assertEquals("k\n", render("{% set k = u | default('k') %}{{ k }}\n"));
    }

    @Test
    void aMustacheFileIsMustache() {
        assertEquals("1,2,3,", TemplateFiles.render("t.conf.mustache", "{{#items}}{{.}},{{/items}}", vars(), TemplateFiles.Options.ANSIBLE));
    }

    @Test
    void valuesAreNeverRenderedAgainAndJavaIsOutOfReach() {
        Map<String, Object> vars = vars();
        vars.put("hostile", "{{ flag }}{% for x in items %}X{% endfor %}");
        assertEquals("{{ flag }}{% for x in items %}X{% endfor %}\n", TemplateFiles.render("t.j2", "{{ hostile }}\n", vars, TemplateFiles.Options.ANSIBLE));
        for (String trick : List.of("{{ hostile.getClass() }}", "{{ hostile.class }}", "{{ hostile.getClass().forName('java.lang.Runtime') }}",
                "{{ items.__class__ }}", "{% include '/etc/passwd' %}", "{% import 'x' as y %}", "{% extends '/etc/hostname' %}")) {
            assertThrows(TemplateException.class, () -> TemplateFiles.render("t.j2", trick, vars, TemplateFiles.Options.ANSIBLE), trick);
        }
    }

    /**
     * Whitespace control on expression and comment tags is Jinja2's (expected: Jinja2 3.1 with trim_blocks); Jinjava
     * honoured the dash on statement tags only, so "{{ p -}}" kept the newline after it.
     */
    @Test
    void dashesOnExpressionAndCommentTagsStripAsInJinja2() {
        Map<String, Object> v = Map.of("x", "X", "l", List.of("a", "b"));
        Jinja jinja = Jinja.of(Jinja.Whitespace.ANSIBLE);
        String[][] cases = {
            {"a {{ x -}}\n  b", "a Xb"},
            {"a\n  {{- x }} b", "aX b"},
            {"{% for p in l %}\n  - {{ p -}}\n{% endfor %}\nz", "  - a  - bz"},
            {"{{ x -}}   \n\n{% if true %}y{% endif %}", "Xy"},
            {"{% raw %}{{ x -}}\n{% endraw %}\nq", "{{ x -}}\nq"},
            {"{{ x }}\n  {#- c #} d", "X d"},
            {"{{ '-}}' -}}\n x", "-}}x"},
            {"r:\n{% raw %}\n  {{ $x }}\n{% endraw %}\nz", "r:\n\n  {{ $x }}\nz"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], jinja.render(c[0], v), c[0]);
        }
    }

    /** {% set a, b = value %} unpacks as in Jinja2 (expected: Jinja2 3.1); a written-out tuple stays Jinjava's own. */
    @Test
    void setUnpacksAListAsInJinja2() {
        Jinja jinja = Jinja.of(Jinja.Whitespace.ANSIBLE);
        assertEquals("a-80", jinja.render("{% set h, p = 'a:80'.split(':') %}\n{{ h }}-{{ p }}", Map.of()));
        assertEquals("x3", jinja.render("x\n  {%- set a, b = [1, 2] -%}\n  {{ a + b }}", Map.of()));
        assertEquals("1 2", jinja.render("{% set a, b = 1, 2 %}{{ a }} {{ b }}", Map.of()));
    }
}
