package dev.muster.template;

import java.util.Map;

/**
 * The template engine the engine uses for {@code {{ }}} strings and conditions (implemented over
 * {@link TemplateEngine}). Errors are thrown as IllegalArgumentException (or a subclass) with a
 * message that names the problem (e.g. the undefined variable); the caller adds the location.
 */
public interface Templating {

    /** Renders {@code text}; a reference to an undefined variable is an error, never an empty string. */
    String render(String text, Map<String, Object> vars);

    /** Renders {@code text}; a text that is one {@code {{ expression }}} keeps the expression's type. */
    default Object renderValue(String text, Map<String, Object> vars) {
        return render(text, vars);
    }

    /** Evaluates a condition such as {@code result.rc == 0} or {@code x is defined}. */
    boolean test(String condition, Map<String, Object> vars);

    /**
     * Throws when the engine could not evaluate the condition (its syntax, or a filter, test or function it does not
     * have); called for every condition before any host is touched.
     */
    void checkSyntax(String condition);

    /**
     * Throws when a {@code {{ expression }}} anywhere in {@code value} (a string, list or mapping) is one the engine could
     * not evaluate, as {@link #checkSyntax} for conditions; called for every templated value before any host is touched.
     */
    default void checkValue(Object value) {
    }
}
