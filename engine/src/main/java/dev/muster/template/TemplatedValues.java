package dev.muster.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Templating of argument values: each {@code {{ expression }}} is evaluated with {@link Expressions}
 * (so filters and indexing work: {@code {{ groups['tower'][0] }}}, {@code {{ port | int }}}); a
 * value that is exactly one {@code {{ expression }}} keeps the expression's type (list, mapping,
 * number), like Ansible. Text with mustache sections is rendered as a template ({@link MustacheFiles}).
 */
public final class TemplatedValues {

    private static final Pattern WHOLE = Pattern.compile("^\\s*\\{\\{(?![#^/!>&{])(.*?)}}\\s*$", Pattern.DOTALL);
    private static final Pattern PART = Pattern.compile("\\{\\{(?![#^/!>&{])(.*?)}}", Pattern.DOTALL);
    private static final Pattern SECTION = Pattern.compile("\\{\\{\\s*[#^/>]");

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
            return text.contains("{{");
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(TemplatedValues::isTemplated);
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> isTemplated(e.getKey()) || isTemplated(e.getValue()));
        }
        return false;
    }

    private static Object renderString(String text, Map<String, Object> vars) {
        if (!text.contains("{{")) {
            return text;
        }
        if (SECTION.matcher(text).find()) {
            return MustacheFiles.render(text, vars);
        }
        Matcher whole = WHOLE.matcher(text);
        if (whole.matches() && !whole.group(1).contains("{{")) {
            return Expressions.evaluate(whole.group(1).strip(), vars);
        }
        Matcher part = PART.matcher(text);
        StringBuilder out = new StringBuilder();
        while (part.find()) {
            part.appendReplacement(out, Matcher.quoteReplacement(stringify(Expressions.evaluate(part.group(1).strip(), vars))));
        }
        part.appendTail(out);
        return out.toString();
    }

    /** How a value reads inside text: null as empty, whole numbers without ".0". */
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
