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

    /** Whether {@code value} is a string read with {@code !unsafe}. */
    public static boolean is(Object value) {
        return MARKED.is(value);
    }
}
