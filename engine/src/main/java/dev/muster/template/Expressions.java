package dev.muster.template;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Conditions ({@code when}, {@code changed_when}, {@code failed_when}, {@code until}, {@code assert.that}) and the
 * {@code {{ expressions }}} of arguments, evaluated by the one Jinja engine ({@link Jinja}, the one template files use)
 * with Ansible's meaning: strict undefined (an undefined variable or attribute is an error naming it, except under
 * {@code is defined} and {@code default}), Jinja's truth, and the filters, tests and lookups registered on the engine.
 */
public final class Expressions {

    private Expressions() {
    }

    private static Jinja engine() {
        return Jinja.of(Jinja.Whitespace.ANSIBLE);
    }

    /**
     * Builds the engine and runs one parse and one evaluation, so their classes are loaded: for a warm-up thread.
     * Never fails (whatever failed here fails again, with its error, where it is used).
     */
    public static void warmUp() {
        try {
            engine().parseExpression("x is defined and y | default(1) == 1");
            engine().evaluate("x | default(1) == 1", Map.of(), null);
        } catch (RuntimeException | LinkageError e) {
            // only a head start
        }
    }

    /** Parses an expression without evaluating it; bad syntax is a {@link TemplateException} whose column points into it. */
    public static void parse(String source) {
        if (source == null || source.isBlank()) {
            throw new TemplateException("empty expression", 1);
        }
        engine().parseExpression(source);
    }

    /** For the planner: the syntax error of a condition, if any, before any host is touched. */
    public static Optional<TemplateException> check(String source) {
        try {
            parse(source);
            return Optional.empty();
        } catch (TemplateException e) {
            return Optional.of(e);
        }
    }

    /** The value of {@code source} (an expression without braces) with the task's lookups, if a task bound them. */
    public static Object evaluate(String source, Map<String, Object> vars) {
        if (source == null || source.isBlank()) {
            throw new TemplateException("empty expression", 1);
        }
        return engine().evaluate(source, vars, TaskLookups.current());
    }

    /**
     * A condition as Ansible evaluates one: a condition written as a template ({@code "{{ flag }}"}) is rendered first;
     * a text result is then evaluated as a condition itself (lookups off when it is unsafe text, such as a registered
     * result), any other result (a boolean, a number, a list) stands for itself by its truth.
     */
    public static boolean test(String condition, Map<String, Object> vars) {
        String text = condition.strip();
        if (!text.contains("{{") && !text.contains("{%")) {
            return truthy(evaluate(text, vars));
        }
        Object rendered = TemplatedValues.renderValue(text, vars);
        if (!(rendered instanceof String result)) {
            return truthy(rendered);
        }
        if (result.isBlank()) {
            return false;
        }
        if (UnsafeText.is(result)) {
            return truthy(engine().evaluate(result.strip(), vars, null));
        }
        return truthy(evaluate(result.strip(), vars));
    }

    /** Jinja's truth: null, false, 0, "" and empty collections are false; anything else is true. */
    public static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (value instanceof CharSequence s) {
            return !s.isEmpty();
        }
        if (value instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (value instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }
}
