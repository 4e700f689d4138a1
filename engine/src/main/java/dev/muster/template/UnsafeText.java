package dev.muster.template;

import dev.muster.template.ansible.MarkedStrings;

/**
 * Ansible's {@code !unsafe}: text that is never templated, wherever it goes (an argument, a variable, a set_fact, a
 * registered result), so {@code !unsafe '{{ secret }}'} stays those very characters. Ansible marks such text with a
 * {@code str} subclass; a Java String cannot carry a type of its own, so each unsafe string is its own instance,
 * remembered here by identity: values are passed on by reference (maps and lists are copied, their strings are not),
 * and everything that templates asks {@link #is} first. A string built from one (concatenation) is a new, ordinary
 * string, as it is already rendered. Held weakly: a string nothing uses any more is forgotten.
 */
public final class UnsafeText {

    private static final MarkedStrings MARKED = new MarkedStrings();

    private UnsafeText() {
    }

    /** A new instance of {@code text} (a literal or interned copy elsewhere stays ordinary), never to be templated. */
    public static String mark(String text) {
        return MARKED.mark(text);
    }

    /**
     * {@code value} with every string inside it (lists and mappings walked, keys kept) marked unsafe: what Ansible does to
     * a registered result (wrap_var), so a module's output that holds {@code {{ }}} is never templated when a later
     * expression reads it. Collections are copied; strings already unsafe are kept.
     */
    public static Object markAll(Object value) {
        if (value instanceof String text) {
            return is(text) ? text : mark(text);
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> copy = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, markAll(v)));
            return copy;
        }
        if (value instanceof java.util.List<?> list) {
            java.util.List<Object> copy = new java.util.ArrayList<>(list.size());
            list.forEach(item -> copy.add(markAll(item)));
            return copy;
        }
        return value;
    }

    /** Whether {@code value} is a string read with {@code !unsafe}. */
    public static boolean is(Object value) {
        return MARKED.is(value);
    }
}
