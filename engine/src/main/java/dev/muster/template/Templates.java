package dev.muster.template;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Templating of playbook values: strings anywhere in a structure are rendered; a string that is
 * nothing but one variable reference ({@code "{{ packages }}"}) keeps the variable's own type (a
 * list stays a list), as in Ansible.
 */
public final class Templates {

    private static final Pattern SINGLE_REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)\\s*}}");

    private static final java.util.Set<String> JINJA_CONSTANTS = java.util.Set.of("none", "None", "true", "True", "false", "False");

    private Templates() {
    }

    /** Renders {@code text}, keeping the native type for a lone reference; {@code !unsafe} text stays as it is. */
    /**
     * The value of Ansible's {@code omit}: a module argument that templates to exactly this is dropped, as if not
     * written ({@code mode: "{{ item.mode | default(omit) }}"}). Random per run, as Ansible's, so no data can forge it.
     */
    public static final String OMIT = "__omit_place_holder__" + java.util.HexFormat.of().formatHex(
            new java.security.SecureRandom().generateSeed(20));

    /** Ansible's remove_omit: the mapping's entries whose value is {@link #OMIT} are left out, in nested mappings too. */
    @SuppressWarnings("unchecked")
    public static Object withoutOmitted(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Map<String, Object> kept = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (OMIT.equals(v)) {
                return;
            }
            kept.put(String.valueOf(k), v instanceof java.util.List<?> list
                    ? list.stream().map(Templates::withoutOmitted).collect(java.util.stream.Collectors.toList())
                    : withoutOmitted(v));
        });
        return kept;
    }

    public static Object render(Templating templating, String text, Map<String, Object> vars) {
        if (UnsafeText.is(text)) {
            return text;
        }
        Matcher single = SINGLE_REFERENCE.matcher(text);
        if (single.matches() && !JINJA_CONSTANTS.contains(single.group(1))) {
            Object value = lookup(single.group(1), vars);
            // as the engine's templating: only a lone plain variable keeps a number; an attribute's is text
            // and a lone plain variable holding None stays None (Ansible's SINGLE_VAR), an attribute's None is ""
            boolean plain = single.group(1).indexOf('.') < 0;
            return value instanceof Number && !plain ? Jinja.pythonText(value) : value == null ? (plain ? null : "") : value;
        }
        return templating.renderValue(text, vars);
    }

    /** Follows a dotted path through maps and lists; a missing step is an undefined variable. */
    public static Object lookup(String path, Map<String, Object> vars) {
        String[] parts = path.split("\\.");
        if (!vars.containsKey(parts[0])) {
            throw new UndefinedVariableException(parts[0]);
        }
        Object current = vars.get(parts[0]);
        StringBuilder walked = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            walked.append('.').append(parts[i]);
            if (current instanceof Map<?, ?> map && map.containsKey(parts[i])) {
                current = map.get(parts[i]);
            } else if (current instanceof List<?> list && parts[i].matches("\\d+") && Integer.parseInt(parts[i]) < list.size()) {
                current = list.get(Integer.parseInt(parts[i]));
            } else {
                throw new UndefinedVariableException(walked.toString());
            }
        }
        return current;
    }

    /** Templates every string inside {@code value}; errors name the task and where it was written. */
    public static Object deep(Templating templating, Object value, Map<String, Object> vars, SourceLocation at, String task) {
        return namingTheTask(at, task, () -> deep(templating, value, vars));
    }

    private static Object deep(Templating templating, Object value, Map<String, Object> vars) {
        if (value instanceof String text) {
            return text.contains("{{") ? render(templating, text, vars) : text;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), deep(templating, v, vars)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(deep(templating, item, vars)));
            return copy;
        }
        return value;
    }

    /** Evaluates a condition; literal true/false need no template engine. */
    public static boolean test(Templating templating, String condition, Map<String, Object> vars, SourceLocation at, String task) {
        String text = condition.trim();
        if (text.equals("true") || text.equals("True")) {
            return true;
        }
        if (text.equals("false") || text.equals("False")) {
            return false;
        }
        return namingTheTask(at, task, () -> templating.test(text, vars));
    }

    /** Runs one templating step; an error that does not already say where it happened names the task and its place. */
    private static <T> T namingTheTask(SourceLocation at, String task, Supplier<T> step) {
        try {
            return step.get();
        } catch (MusterException e) {
            if (e.location() != null) {
                throw e;
            }
            throw failure(at, task, e);
        } catch (RuntimeException e) {
            throw failure(at, task, e);
        }
    }

    static MusterException failure(SourceLocation at, String task, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new MusterException(at, "task '" + task + "': " + message, Failure.HOST_FAILED, null);
    }
}
