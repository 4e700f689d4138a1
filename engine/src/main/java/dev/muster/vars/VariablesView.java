package dev.muster.vars;

import java.util.AbstractMap;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A read-only map of variables whose values are computed when read ({@link LazyVars}, hostvars): its entries are
 * read name by name through {@link #get}, and it is equal only to itself. Identity, not value, equality because
 * hostvars holds every host's variables, which hold hostvars again: a value hash or comparison (a Jinja engine
 * putting a value in a HashSet or a cache) would never end.
 */
public abstract class VariablesView extends AbstractMap<String, Object> {

    /** The names, in order, that the entries are read for. */
    protected abstract Collection<String> names();

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Set<Entry<String, Object>> entries = new LinkedHashSet<>();
        for (String name : names()) {
            entries.add(new SimpleImmutableEntry<>(name, get(name)));
        }
        return entries;
    }

    @Override
    public final boolean equals(Object other) {
        return this == other;
    }

    @Override
    public final int hashCode() {
        return System.identityHashCode(this);
    }
}
