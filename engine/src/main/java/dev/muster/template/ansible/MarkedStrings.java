package dev.muster.template.ansible;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of strings remembered by identity, weakly: how a Java String carries a type of its own (Ansible's
 * {@code !unsafe}, markupsafe's Markup), since it cannot be subclassed. {@link #mark} returns a new instance, so a
 * literal or interned copy elsewhere stays ordinary; a string nothing uses any more is forgotten. It lives here, with
 * the filters, because dev.muster.template already depends on this package and this package on nothing of Muster.
 */
public final class MarkedStrings {
    private final Map<Key, Boolean> marked = new ConcurrentHashMap<>();
    private final ReferenceQueue<String> gone = new ReferenceQueue<>();

    /** A new instance of {@code text}, marked. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    public String mark(String text) {
        for (Object g = gone.poll(); g != null; g = gone.poll()) {
            marked.remove(g);
        }
        String instance = new String(text);
        marked.put(new Key(instance, gone), Boolean.TRUE);
        return instance;
    }

    /** Whether {@code value} is a string this set marked. */
    public boolean is(Object value) {
        return value instanceof String text && marked.containsKey(new Key(text, null));
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
            return this == other || other instanceof Key key && key.hash == hash && key.get() != null && key.get() == get();
        }
    }
}
