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

    private static Object renderString(String written, Map<String, Object> vars) {
        if (!isTemplate(written)) {
            return written;
        }
        String text = AnsibleBackslashes.escape(written);
        String single = Jinja.of(Jinja.Whitespace.ANSIBLE).singleExpression(text);
        if (single != null) {
            Object value = Expressions.evaluate(single, vars);
            if (value instanceof Boolean || value instanceof Number) {
                // Ansible's templar passes a lone variable of these types on as it is; any other expression's value
                // becomes its text (then read back below if it looks like a list, a dict or a boolean)
                return single.matches("\\w+") ? value : readBack(Jinja.pythonText(value));
            }
            if (value == null) {
                // Ansible's templar gives a lone defined variable holding None as it is (DEFAULT_NULL_REPRESENTATION);
                // any other expression goes through its finalize, which writes None as ""
                // (a name that evaluated without an error is defined: an undefined one fails, StrictUndefined)
                String name = single.strip();
                return name.matches("\\w+") && !name.equals("none") && !name.equals("None") ? null : "";
            }
            return value instanceof String string ? readBack(string, TEXT_FILTERS.matcher(single).find()) : value;
        }
        return readBack(TemplateFiles.renderText(text, vars, TaskLookups.current()), TEXT_FILTERS.matcher(text).find());
    }

    /**
     * Ansible's templar (without jinja2_native) gives text, but text that reads as a Python list, dict or boolean
     * ({@code "[1, 2]"}, {@code "True"}) is read back as one (ansible_eval_concat's literal_eval). Unsafe text (a
     * registered result) is never read as anything.
     */
    private static Object readBack(String text) {
        return readBack(text, false);
    }

    /**
     * Ansible's STRING_TYPE_FILTERS: a template whose expression ends in one of these filters keeps its text, even when
     * it reads as a literal (a JSON document stays a string).
     */
    private static final java.util.regex.Pattern TEXT_FILTERS = java.util.regex.Pattern.compile(
            "\\|\\s*(?:string|to_json|to_nice_json|to_yaml|to_nice_yaml|ppretty|json)(?:\\((?:[^()]|\\((?:[^()]|\\([^()]*\\))*\\))*\\))?\\s*\\)?\\s*(?:}}|$)");

    private static Object readBack(String text, boolean asText) {
        if (asText || UnsafeText.is(text)) {
            return text;
        }
        if (text.equals("True")) {
            return true;
        }
        if (text.equals("False")) {
            return false;
        }
        if ((text.startsWith("[") || text.startsWith("{")) && !text.contains("{{") && !text.contains("{%")) {
            try {
                // a literal has no names: any name (or call) makes it plain text, as literal_eval refuses it
                Object literal = Expressions.evaluate(text, java.util.Map.of());
                return hasNames(literal) ? text : literal;
            } catch (RuntimeException notALiteral) {
                return text;
            }
        }
        return text;
    }

    /** Whether a value read back holds a name (undefined here, as no variables were given): then it was no literal. */
    private static boolean hasNames(Object value) {
        if (value instanceof UndefinedValue) {
            return true;
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(TemplatedValues::hasNames);
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().anyMatch(TemplatedValues::hasNames) || map.values().stream().anyMatch(TemplatedValues::hasNames);
        }
        return false;
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
