package dev.muster.vars;

import dev.muster.template.Templates;
import dev.muster.template.Templating;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The variables one task sees on one host, templated when read: a value such as
 * {@code "{{ base_dir }}/conf"} is expanded only if and when it is used (as Ansible does), so an
 * unused variable that refers to an undefined one is no error, and a used one always sees the
 * highest-precedence value of what it refers to. Cycles are reported instead of overflowing.
 * Values may be {@link Supplier}s (hostvars, groups) computed on first use.
 */
public final class LazyVars extends VariablesView {

    private final Map<String, Object> raw;
    private final Templating templating;
    private final Map<String, Object> resolved = new ConcurrentHashMap<>();
    private final ThreadLocal<Set<String>> resolving = ThreadLocal.withInitial(HashSet::new);
    private static final Object NULL = new Object();

    public LazyVars(Map<String, Object> raw, Templating templating) {
        this.raw = raw;
        this.templating = templating;
    }

    @Override
    public boolean containsKey(Object key) {
        return raw.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name) || !raw.containsKey(name)) {
            return null;
        }
        Object done = resolved.get(name);
        if (done != null) {
            return done == NULL ? null : done;
        }
        Set<String> busy = resolving.get();
        if (!busy.add(name)) {
            throw new IllegalArgumentException("variable '" + name + "' refers to itself");
        }
        try {
            Object value = expand(raw.get(name));
            resolved.put(name, value == null ? NULL : value);
            return value;
        } finally {
            busy.remove(name);
        }
    }

    private Object expand(Object value) {
        if (value instanceof Supplier<?> supplier) {
            return supplier.get();
        }
        if (value instanceof String text && text.contains("{{")) {
            return Templates.render(templating, text, this);
        }
        if (value instanceof Map<?, ?> map && !(value instanceof LazyVars)) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), expand(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(expand(item)));
            return copy;
        }
        return value;
    }

    @Override
    protected Collection<String> names() {
        return raw.keySet();
    }

    @Override
    public Set<String> keySet() {
        return raw.keySet();
    }

    @Override
    public int size() {
        return raw.size();
    }
}
