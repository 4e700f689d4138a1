package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A filter's or test's arguments bound to its Python signature: positional ones in order, keyword ones by
 * name, the rest into {@code *args} / {@code **kwargs} when the signature has them. A spec reads like the
 * Python one without defaults: {@code "indent sort_keys **"}, {@code "* seed"} ({@code *} alone: varargs).
 */
final class Args {
    private final String filter;
    private final Map<String, Object> bound = new LinkedHashMap<>();
    private final List<Object> rest = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private Args(String filter) {
        this.filter = filter;
    }

    static Args bind(String filter, String spec, Object[] positional, Map<String, Object> keywords) {
        Args args = new Args(filter);
        List<String> names = new ArrayList<>();
        boolean varargs = false;
        boolean varkw = false;
        int varargsAt = -1;
        for (String name : spec.isBlank() ? new String[0] : spec.trim().split("\\s+")) {
            if (name.equals("*")) {
                varargs = true;
                varargsAt = names.size();
            } else if (name.equals("**")) {
                varkw = true;
            } else {
                names.add(name);
            }
        }
        int named = varargs ? varargsAt : names.size();
        for (int i = 0; i < positional.length; i++) {
            if (i < named) {
                args.bound.put(names.get(i), positional[i]);
            } else if (varargs) {
                args.rest.add(positional[i]);
            } else {
                throw new FilterError(filter, "takes at most " + named + " positional argument" + (named == 1 ? "" : "s")
                        + " but " + positional.length + " were given");
            }
        }
        for (Map.Entry<String, Object> kw : keywords.entrySet()) {
            if (names.contains(kw.getKey())) {
                if (args.bound.containsKey(kw.getKey())) {
                    throw new FilterError(filter, "got multiple values for argument '" + kw.getKey() + "'");
                }
                args.bound.put(kw.getKey(), kw.getValue());
            } else if (varkw) {
                args.extra.put(kw.getKey(), kw.getValue());
            } else {
                throw new FilterError(filter, "got an unexpected keyword argument '" + kw.getKey() + "'");
            }
        }
        return args;
    }

    String name() {
        return filter;
    }

    boolean has(String name) {
        return bound.containsKey(name);
    }

    Object get(String name, Object fallback) {
        return bound.containsKey(name) ? bound.get(name) : fallback;
    }

    /** A required argument. */
    Object required(String name) {
        if (!bound.containsKey(name)) {
            throw new FilterError(filter, "missing required argument '" + name + "'");
        }
        return bound.get(name);
    }

    String string(String name, String fallback) {
        Object v = get(name, fallback);
        return v == null ? null : Py.str(v);
    }

    boolean bool(String name, boolean fallback) {
        return bound.containsKey(name) ? Py.truthy(bound.get(name)) : fallback;
    }

    Long integer(String name, Long fallback) {
        Object v = get(name, fallback);
        if (v == null) {
            return null;
        }
        Long n = v instanceof Number || v instanceof Boolean || v instanceof CharSequence ? Py.toIntOrNull(v, 10) : null;
        if (n == null) {
            throw new FilterError(filter, "'" + name + "' must be an integer, got " + Py.typeName(v) + " " + Py.repr(v));
        }
        return n;
    }

    List<Object> rest() {
        return rest;
    }

    Map<String, Object> extra() {
        return extra;
    }
}
