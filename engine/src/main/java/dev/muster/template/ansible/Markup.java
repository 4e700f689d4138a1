package dev.muster.template.ansible;

/**
 * markupsafe's Markup, as far as the escape filters see it: text that escape, e or safe produced is escaped already,
 * so escaping it again leaves it as it is ({@code '<x>' | e | e} is {@code &lt;x&gt;} in Jinja2). A Java String cannot
 * carry a type, so each such string is its own instance, remembered by identity and weakly.
 */
final class Markup {
    private static final MarkedStrings MARKED = new MarkedStrings();

    private Markup() {
    }

    static String mark(String text) {
        return MARKED.mark(text);
    }

    static boolean is(Object value) {
        return MARKED.is(value);
    }

    /** markupsafe's escape: Markup stays as it is, anything else is escaped and becomes Markup. */
    static String escape(Object value, boolean force) {
        if (!force && is(value)) {
            return (String) value;
        }
        return mark(BuiltinFilters.escape(Py.str(value)));
    }
}
