package dev.muster.template;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ansible's {@code !unsafe}: text that is never templated, wherever it goes (an argument, a variable, a set_fact, a
 * registered result), so {@code !unsafe '{{ secret }}'} stays those very characters. Ansible marks such text with a
 * {@code str} subclass; a Java String cannot carry a type of its own, so each unsafe string is its own instance,
 * remembered here by identity: values are passed on by reference (maps and lists are copied, their strings are not),
 * and everything that templates asks {@link #is} first. A string built from one (concatenation) is a new, ordinary
 * string, as it is already rendered. Held weakly: a string nothing uses any more is forgotten.
 */
public final class UnsafeText {

    private static final Map<Key, Boolean> MARKED = new ConcurrentHashMap<>();
    private static final ReferenceQueue<String> GONE = new ReferenceQueue<>();

    private UnsafeText() {
    }

    /** A new instance of {@code text}, marked as never to be templated. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    public static String mark(String text) {
        for (Object gone = GONE.poll(); gone != null; gone = GONE.poll()) {
            MARKED.remove(gone);
        }
        String unsafe = new String(text); // its own instance: a literal or interned copy elsewhere stays ordinary
        MARKED.put(new Key(unsafe, GONE), Boolean.TRUE);
        return unsafe;
    }

    /** Whether {@code value} is a string read with {@code !unsafe}. */
    public static boolean is(Object value) {
        return value instanceof String text && MARKED.containsKey(new Key(text, null));
    }

    /** A weak reference compared by the identity of its string. */
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
            if (this == other) {
                return true;
            }
            return other instanceof Key key && key.hash == hash && key.get() != null && key.get() == get();
        }
    }
}
