package dev.muster.template;

import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.ExpressionNode;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TagNode;
import dev.muster.module.Suggest;
import dev.muster.template.ansible.AnsibleLibrary;
import dev.muster.template.ansible.Lookups;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one plan-time check of expressions, before any host is touched: conditions ({@code when}, {@code changed_when},
 * {@code failed_when}, {@code until}, assert's {@code that}) and every {@code {{ expression }}} or {@code {% tag %}} in
 * any other value (module arguments, loops, labels, {@code delegate_to}, ...). Each is parsed as the Jinja engine will
 * parse it at run time, and every filter, test, function and lookup it names must be one the engine's registry has
 * (and not one refused as Jinjava's own). So what the engine cannot evaluate is refused while loading, never after
 * earlier tasks have changed hosts; what it passes fails at run time only on the values (an undefined variable, a bad
 * number).
 */
public final class ExpressionCheck {

    private ExpressionCheck() {
    }

    /** What is wrong with a condition (a bare expression, or a template as Ansible allows), if anything. */
    public static Optional<TemplateException> condition(String source) {
        try {
            if (source != null && (source.contains("{{") || source.contains("{%"))) {
                text(source);
            } else {
                check(source);
            }
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(e);
        }
    }

    /**
     * What is wrong with the first expression that the engine cannot evaluate, in a string or anywhere in a list or
     * mapping (keys included), if anything. {@code !unsafe} text is never templated, so never checked.
     */
    public static Optional<TemplateException> value(Object value) {
        try {
            walk(value);
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(e);
        }
    }

    private static void walk(Object value) {
        if (value instanceof String text) {
            if (TemplatedValues.isTemplate(text)) {
                text(AnsibleBackslashes.escape(text)); // as it will be rendered (TemplatedValues)
            }
        } else if (value instanceof List<?> list) {
            list.forEach(ExpressionCheck::walk);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                walk(k);
                walk(v);
            });
        }
    }

    /** A text as a template: its syntax, then every expression in it ({{ }} and the tags' own). */
    private static void text(String text) {
        Node tree = Jinja.of(Jinja.Whitespace.ANSIBLE).parseTemplate(text);
        expressions(tree, text);
    }

    private static void expressions(Node node, String text) {
        if (node instanceof ExpressionNode expression) {
            String source = ((com.hubspot.jinjava.tree.parse.ExpressionToken) expression.getMaster()).getExpr().strip();
            try {
                check(source);
            } catch (TemplateException e) {
                throw new TemplateException(e.getMessage() + (e.getMessage().contains(source) ? "" : " in: {{ " + source + " }}"), e.column());
            }
        } else if (node instanceof TagNode tag) {
            Context registry = Jinja.of(Jinja.Whitespace.ANSIBLE).registry();
            if (AnsibleLibrary.isRefused(registry.getTag(tag.getName()))) {
                throw new TemplateException(AnsibleLibrary.refusal("tag", tag.getName()) + " in: " + text);
            }
            // the names a tag's expression uses ({% if x | f %}, {% for a in b | g %}): checked as names, not syntax
            String helpers = tag.getHelpers() == null ? "" : tag.getHelpers().strip();
            if (!helpers.isEmpty()) {
                names(JinjaSource.of(helpers), helpers);
            }
        }
        for (Node child : node.getChildren()) {
            expressions(child, text);
        }
    }

    private static void check(String source) {
        if (source == null || source.isBlank()) {
            throw new TemplateException("empty expression", 1);
        }
        names(JinjaSource.of(source), source);
        Expressions.parse(source);
    }

    private static void names(JinjaSource parsed, String source) {
        for (JinjaSource.Use use : parsed.uses()) {
            String problem = problem(use);
            if (problem != null) {
                throw new TemplateException(problem + " (column " + (use.at() + 1) + " of: " + source + ")", use.at() + 1);
            }
        }
    }

    private static String problem(JinjaSource.Use use) {
        Context registry = Jinja.of(Jinja.Whitespace.ANSIBLE).registry();
        String name = use.name();
        return switch (use.kind()) {
            case FILTER -> {
                Filter filter = registry.getFilter(name);
                if (filter == null) {
                    List<String> known = registry.getAllFilters().stream().filter(f -> !AnsibleLibrary.isRefused(f)).map(Filter::getName).toList();
                    yield "unknown filter '" + name + "'" + Suggest.hint(Suggest.all(name, known));
                }
                yield AnsibleLibrary.isRefused(filter) ? AnsibleLibrary.refusal("filter", name) : null;
            }
            case TEST -> {
                ExpTest test = registry.getExpTest(name);
                if (test == null) {
                    List<String> known = registry.getAllExpTests().stream().filter(t -> !AnsibleLibrary.isRefused(t)).map(ExpTest::getName).toList();
                    yield "unknown test '" + name + "'" + Suggest.hint(Suggest.all(name, known)) + "; the tests are " + new TreeSet<>(known);
                }
                yield AnsibleLibrary.isRefused(test) ? AnsibleLibrary.refusal("test", name) : null;
            }
            case FUNCTION -> {
                if ((name.equals("lookup") || name.equals("query") || name.equals("q")) && use.firstArgument() != null) {
                    // no run enables pipe/lines yet (the executor binds lookups without commands): refused here as there
                    yield Lookups.refusal(use.firstArgument(), false).orElse(null);
                }
                ELFunctionDefinition function = registry.getFunction(name);
                // a name called as a function may also be a macro or a variable holding one: only Jinjava's refused ones are known to fail
                yield function != null && AnsibleLibrary.isRefused(function) ? AnsibleLibrary.refusal("function", name) : null;
            }
        };
    }
}
