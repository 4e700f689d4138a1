package dev.muster.template.ansible;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * markupsafe's Markup, as far as the escape filters see it: text that escape, e or safe produced is escaped already,
 * so escaping it again leaves it as it is ({@code '<x>' | e | e} is {@code &lt;x&gt;} in Jinja2). A Java String cannot
 * carry a type, so each such string is its own instance, remembered by identity and weakly.
 */
final class Markup {
    private static final Map<Key, Boolean> MARKED = new ConcurrentHashMap<>();
    private static final ReferenceQueue<String> GONE = new ReferenceQueue<>();

    private Markup() {
    }

    @SuppressWarnings("StringOperationCanBeSimplified")
    static String mark(String text) {
        for (Object gone = GONE.poll(); gone != null; gone = GONE.poll()) {
            MARKED.remove(gone);
        }
        String markup = new String(text);
        MARKED.put(new Key(markup, GONE), Boolean.TRUE);
        return markup;
    }

    static boolean is(Object value) {
        return value instanceof String text && MARKED.containsKey(new Key(text, null));
    }

    /** markupsafe's escape: Markup stays as it is, anything else is escaped and becomes Markup. */
    static String escape(Object value, boolean force) {
        if (!force && is(value)) {
            return (String) value;
        }
        return mark(BuiltinFilters.escape(Py.str(value)));
    }

    private static final class Key extends WeakReference<String> {
        private final int hash;

        Key(String text, ReferenceQueue<String> queue) {
            super(text, queue);
            this.hash = System.identityHashCode(text);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Key key && key.hash == hash && key.get() != null && key.get() == get();
        }
    }
}
