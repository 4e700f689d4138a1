package dev.muster.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templating of argument values by the one Jinja engine: a value that is exactly one {@code {{ expression }}} keeps
 * the expression's type (list, mapping, number), like Ansible; any other text with {@code {{ }}} or {@code {% %}} is
 * rendered as a Jinja template (Ansible's templar: trim_blocks on, trailing newlines kept). {@code !unsafe} text and
 * registered results are never templated.
 */
public final class TemplatedValues {

    private TemplatedValues() {
    }

    /**
     * Renders every string inside {@code value} (lists and mappings walked, other values kept).
     * A string that is exactly one {@code {{ expression }}} becomes the expression's value itself.
     */
    public static Object renderValue(Object value, Map<String, Object> vars) {
        if (value instanceof String text) {
            return renderString(text, vars);
        }
        if (value instanceof List<?> list) {
            List<Object> rendered = new ArrayList<>(list.size());
            list.forEach(item -> rendered.add(renderValue(item, vars)));
            return rendered;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> rendered = new LinkedHashMap<>();
            map.forEach((k, v) -> rendered.put(String.valueOf(renderValue(String.valueOf(k), vars)), renderValue(v, vars)));
            return rendered;
        }
        return value;
    }

    /** Whether a value needs rendering at all (the planner can skip the rest). */
    public static boolean isTemplated(Object value) {
        if (value instanceof String text) {
            return isTemplate(text);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(TemplatedValues::isTemplated);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> isTemplated(e.getKey()) || isTemplated(e.getValue()));
        }
        return false;
    }

    /** Whether Ansible's templar would template this text: it has a Jinja delimiter and is not unsafe. */
    static boolean isTemplate(String text) {
        return (text.contains("{{") || text.contains("{%") || text.contains("{#")) && !UnsafeText.is(text);
    }

    private static Object renderString(String text, Map<String, Object> vars) {
        if (!isTemplate(text)) {
            return text;
        }
        String single = Jinja.of(Jinja.Whitespace.ANSIBLE).singleExpression(text);
        if (single != null) {
            return Expressions.evaluate(single, vars);
        }
        return TemplateFiles.renderText(text, vars, TaskLookups.current());
    }

    /** How a value reads in a message: null as empty, whole numbers without ".0". */
    public static String stringify(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }
}
