package dev.muster.template;

import dev.muster.module.Suggest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * The one plan-time check of expressions, before any host is touched: conditions ({@code when}, {@code changed_when},
 * {@code failed_when}, {@code until}, assert's {@code that}) and every {@code {{ expression }}} in any other value
 * (module arguments, loops, labels, {@code delegate_to}, ...). Each is translated and parsed as the engine will at run
 * time, and every filter, test and function it names must be one the engine has. So what the engine cannot evaluate is
 * refused while loading, never after earlier tasks have changed hosts; what it passes fails at run time only on the
 * values (an undefined variable, a bad number).
 */
public final class ExpressionCheck {

    private ExpressionCheck() {
    }

    /** What is wrong with a condition (a bare expression, without braces), if anything. */
    public static Optional<TemplateException> condition(String source) {
        try {
            check(source);
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(e);
        }
    }

    /**
     * What is wrong with the first {@code {{ expression }}} that the engine cannot evaluate, in a string or anywhere in
     * a list or mapping (keys included), if anything. {@code !unsafe} text is never templated, so never checked.
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
            text(text);
        } else if (value instanceof List<?> list) {
            list.forEach(ExpressionCheck::walk);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                walk(k);
                walk(v);
            });
        }
    }

    private static void text(String text) {
        if (UnsafeText.is(text)) {
            return;
        }
        if (text.contains("{%")) {
            // Ansible would run the statement; passing it on as text would be a different result reported as success
            throw new TemplateException("Jinja statements ({% ... %}) are not supported outside template files: " + text);
        }
        // text with mustache sections is a mustache template as a whole: its names are looked up, not evaluated
        if (!text.contains("{{") || TemplatedValues.SECTION.matcher(text).find()) {
            return;
        }
        Matcher expression = TemplatedValues.PART.matcher(text);
        while (expression.find()) {
            String source = expression.group(1).strip();
            try {
                check(source);
            } catch (TemplateException e) {
                throw new TemplateException(e.getMessage() + (e.getMessage().contains(source) ? "" : " in: {{ " + source + " }}"), e.column());
            }
        }
    }

    private static void check(String source) {
        if (source == null || source.isBlank()) {
            throw new TemplateException("empty expression", 1);
        }
        ExpressionTranslator.Translated translated = ExpressionTranslator.translate(source);
        for (ExpressionTranslator.Use use : translated.uses()) {
            String problem = problem(use);
            if (problem != null) {
                throw new TemplateException(problem + " (column " + (use.at() + 1) + " of: " + source + ")", use.at() + 1);
            }
        }
        Expressions.compile(source);
    }

    private static String problem(ExpressionTranslator.Use use) {
        String name = use.name();
        return switch (use.kind()) {
            case FILTER -> ConditionFunctions.FILTERS.contains(name) ? null
                    : "unknown filter '" + name + "'" + Suggest.hint(Suggest.all(name, ConditionFunctions.FILTERS))
                    + "; the filters are " + new java.util.TreeSet<>(ConditionFunctions.FILTERS);
            case TEST -> ConditionFunctions.TESTS.contains(name) ? null
                    : "unknown test '" + name + "'" + Suggest.hint(Suggest.all(name, ConditionFunctions.TESTS))
                    + "; the tests are " + new java.util.TreeSet<>(ConditionFunctions.TESTS);
            case FUNCTION -> name.equals("lookup") || name.equals("query") || name.equals("q")
                    ? "lookups (" + name + "(...)) are not supported: set the value as a variable (vars, vars_files, -e)"
                    : "function '" + name + "(...)' is not supported";
            case METHOD -> "method calls ('." + name + "(...)') are not supported: use a filter";
            case KEYWORD -> name.equals("if") || name.equals("else")
                    ? "inline 'a if condition else b' is not supported: use two tasks with 'when', or the ternary filter's condition in 'when'"
                    : "'" + name + "' is not supported in an expression";
        };
    }
}
