package dev.muster.template.ansible;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Jinja2's sequence filters with Python's ordering and equality, and Ansible's list and set filters. */
final class ListFilters {
    private ListFilters() {
    }

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("first", "", (v, a) -> {
                    List<Object> l = Py.list(v, a.name());
                    if (l.isEmpty()) {
                        throw new FilterError(a.name(), "No first item, sequence was empty.");
                    }
                    return l.get(0);
                }),
                AnsibleFilter.of("last", "", (v, a) -> {
                    List<Object> l = Py.list(v, a.name());
                    if (l.isEmpty()) {
                        throw new FilterError(a.name(), "No last item, sequence was empty.");
                    }
                    return l.get(l.size() - 1);
                }),
                AnsibleFilter.of("min", "case_sensitive attribute", (v, a) -> extreme(v, a, false)),
                AnsibleFilter.of("max", "case_sensitive attribute", (v, a) -> extreme(v, a, true)),
                AnsibleFilter.of("sum", "attribute start", ListFilters::sum),
                AnsibleFilter.of("list", "", (v, a) -> new ArrayList<>(Py.list(v, a.name()))),
                AnsibleFilter.of("join", "d attribute", (v, a) -> {
                    List<String> parts = new ArrayList<>();
                    for (Object x : Py.list(v, a.name())) {
                        parts.add(Py.str(a.has("attribute") ? attribute(x, a.string("attribute", null), a.name()) : x));
                    }
                    return String.join(a.string("d", ""), parts);
                }),
                AnsibleFilter.of("unique", "case_sensitive attribute", (v, a) -> unique(Py.list(v, a.name()), a.bool("case_sensitive", false),
                        a.string("attribute", null))),
                AnsibleFilter.of("sort", "reverse case_sensitive attribute", ListFilters::sort),
                AnsibleFilter.of("dictsort", "case_sensitive by reverse", ListFilters::dictsort),
                AnsibleFilter.of("items", "", (v, a) -> {
                    List<Object> pairs = new ArrayList<>();
                    if (v != null) {
                        Py.map(v, a.name(), "Can only get item pairs from a mapping.").forEach((k, x) -> pairs.add(new PyTuple(List.of(k, x))));
                    }
                    return pairs;
                }),
                AnsibleFilter.of("reverse", "", (v, a) -> {
                    if (v instanceof CharSequence s) {
                        return new StringBuilder(s).reverse().toString();
                    }
                    List<Object> l = new ArrayList<>(Py.list(v, a.name()));
                    Collections.reverse(l);
                    return l;
                }),
                AnsibleFilter.of("abs", "", (v, a) -> {
                    if (!Py.isNumeric(v)) {
                        throw new FilterError(a.name(), "bad operand type for abs(): '" + Py.typeName(v) + "'");
                    }
                    return Py.isFloat(v) ? (Object) Math.abs(((Number) v).doubleValue()) : (Object) Math.abs(Py.toIntOrNull(v, 10));
                }),
                AnsibleFilter.of("round", "precision method", ListFilters::round),
                AnsibleFilter.of("batch", "linecount fill_with", ListFilters::batch),
                new AnsibleFilter("map", "* **", ListFilters::map),
                new AnsibleFilter("select", "* **", (v, a, i) -> select(v, a, i, false, true)),
                new AnsibleFilter("reject", "* **", (v, a, i) -> select(v, a, i, false, false)),
                new AnsibleFilter("selectattr", "* **", (v, a, i) -> select(v, a, i, true, true)),
                new AnsibleFilter("rejectattr", "* **", (v, a, i) -> select(v, a, i, true, false)),
                AnsibleFilter.of("flatten", "levels skip_nulls", (v, a) -> flatten(Py.list(v, a.name()), a.integer("levels", null),
                        a.bool("skip_nulls", true), a.name())),
                AnsibleFilter.of("zip", "*", (v, a) -> zip(v, a, false)),
                AnsibleFilter.of("zip_longest", "* fillvalue", (v, a) -> zip(v, a, true)),
                AnsibleFilter.of("product", "* repeat", ListFilters::product),
                AnsibleFilter.of("subelements", "subelements skip_missing", ListFilters::subelements),
                AnsibleFilter.of("union", "b", (v, a) -> {
                    List<Object> all = new ArrayList<>(Py.list(v, a.name()));
                    all.addAll(Py.list(a.required("b"), a.name()));
                    return unique(all, true, null);
                }),
                AnsibleFilter.of("intersect", "b", (v, a) -> {
                    List<Object> b = Py.list(a.required("b"), a.name());
                    return unique(Py.list(v, a.name()).stream().filter(x -> in(x, b)).toList(), true, null);
                }),
                AnsibleFilter.of("difference", "b", (v, a) -> {
                    List<Object> b = Py.list(a.required("b"), a.name());
                    return unique(Py.list(v, a.name()).stream().filter(x -> !in(x, b)).toList(), true, null);
                }),
                AnsibleFilter.of("symmetric_difference", "b", (v, a) -> {
                    List<Object> x = Py.list(v, a.name());
                    List<Object> y = Py.list(a.required("b"), a.name());
                    List<Object> both = unique(x.stream().filter(e -> in(e, y)).toList(), true, null);
                    List<Object> all = new ArrayList<>(x);
                    all.addAll(y);
                    return unique(all, true, null).stream().filter(e -> !in(e, both)).toList();
                }),
                AnsibleFilter.of("extract", "container morekeys", ListFilters::extract));
    }

    static boolean in(Object x, List<Object> items) {
        return items.stream().anyMatch(y -> Py.eq(x, y));
    }

    /** Jinja2's attribute lookup for map/selectattr/sort: dotted, a number indexes a list; null when missing. */
    static Object attribute(Object item, String path, Object fallback) {
        Object v = item;
        for (String part : path.split("\\.")) {
            if (v instanceof Map<?, ?> m) {
                Object key = Py.findKey(m, part);
                if (key == Py.NO_KEY && part.matches("-?\\d+")) {
                    key = Py.findKey(m, Long.parseLong(part));
                }
                if (key == Py.NO_KEY) {
                    return fallback;
                }
                v = m.get(key);
            } else if (v instanceof List<?> l && part.matches("-?\\d+")) {
                int i = Integer.parseInt(part);
                if (i < 0) {
                    i += l.size();
                }
                if (i < 0 || i >= l.size()) {
                    return fallback;
                }
                v = l.get(i);
            } else {
                return fallback;
            }
        }
        return v;
    }

    /** An attribute that must exist: Ansible's undefined is strict, so a missing one is an error naming the filter. */
    static Object attribute(Object item, String path, String filter) {
        Object v = attribute(item, path, Py.NO_KEY);
        if (v == Py.NO_KEY) {
            throw new FilterError(filter, "'" + Py.typeName(item) + " object' has no attribute '" + path + "'");
        }
        return v;
    }

    /** The key Jinja2 sorts and compares by: lower-cased strings unless case-sensitive. */
    private static Object key(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof CharSequence s ? s.toString().toLowerCase() : v;
    }

    private static Object extreme(Object v, Args a, boolean max) {
        boolean cs = a.bool("case_sensitive", false);
        String attr = a.string("attribute", null);
        Object best = null;
        Object bestKey = null;
        for (Object x : Py.list(v, a.name())) {
            Object k = key(attr == null ? x : attribute(x, attr, a.name()), cs);
            if (best == null || (max ? Py.compare(k, bestKey, a.name()) > 0 : Py.compare(k, bestKey, a.name()) < 0)) {
                best = x;
                bestKey = k;
            }
        }
        if (bestKey == null && best == null) {
            throw new FilterError(a.name(), max ? "No largest item, sequence was empty." : "No smallest item, sequence was empty.");
        }
        return best;
    }

    private static Object sum(Object v, Args a) {
        Object total = a.get("start", 0L);
        String attr = a.string("attribute", null);
        for (Object x : Py.list(v, a.name())) {
            Object y = attr == null ? x : attribute(x, attr, a.name());
            if (!Py.isNumeric(total) || !Py.isNumeric(y)) {
                throw new FilterError(a.name(), "unsupported operand type(s) for +: '" + Py.typeName(total) + "' and '" + Py.typeName(y) + "'");
            }
            total = Py.isFloat(total) || Py.isFloat(y) ? (Object) (((Number) Py.plain(total instanceof Boolean b ? (b ? 1L : 0L) : total)).doubleValue()
                    + ((Number) (y instanceof Boolean b ? (b ? 1L : 0L) : y)).doubleValue())
                    : (Object) (Py.toIntOrNull(total, 10) + Py.toIntOrNull(y, 10));
        }
        return total;
    }

    static List<Object> unique(List<Object> items, boolean caseSensitive, String attribute) {
        List<Object> out = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Object x : items) {
            Object k = key(attribute == null ? x : attribute(x, attribute, "unique"), caseSensitive);
            if (!in(k, seen)) {
                seen.add(k);
                out.add(x);
            }
        }
        return out;
    }

    private static Object sort(Object v, Args a) {
        boolean cs = a.bool("case_sensitive", false);
        String attr = a.string("attribute", null);
        List<String> attrs = attr == null ? List.of() : List.of(attr.split(","));
        List<Object> out = new ArrayList<>(Py.list(v, a.name()));
        Comparator<Object> order = (x, y) -> {
            if (attrs.isEmpty()) {
                return Py.compare(key(x, cs), key(y, cs), a.name());
            }
            for (String at : attrs) {
                int c = Py.compare(key(attribute(x, at.strip(), a.name()), cs), key(attribute(y, at.strip(), a.name()), cs), a.name());
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        out.sort(a.bool("reverse", false) ? order.reversed() : order);
        return out;
    }

    private static Object dictsort(Object v, Args a) {
        boolean cs = a.bool("case_sensitive", false);
        String by = a.string("by", "key");
        int pos = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new FilterError(a.name(), "You can only sort by either \"key\" or \"value\"");
        };
        List<List<Object>> pairs = new ArrayList<>();
        Py.map(v, a.name(), "dictsort expects a mapping").forEach((k, x) -> pairs.add(new PyTuple(List.of(k, x))));
        Comparator<List<Object>> order = (x, y) -> Py.compare(key(x.get(pos), cs), key(y.get(pos), cs), a.name());
        pairs.sort(a.bool("reverse", false) ? order.reversed() : order);
        return new ArrayList<Object>(pairs);
    }

    private static Object round(Object v, Args a) {
        int precision = a.integer("precision", 0L).intValue();
        String method = a.string("method", "common");
        if (!Py.isNumeric(v)) {
            throw new FilterError(a.name(), "type " + Py.typeName(v) + " doesn't define __round__ method");
        }
        BigDecimal exact = Py.number(v);
        RoundingMode mode = switch (method) {
            case "common" -> RoundingMode.HALF_EVEN;
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> throw new FilterError(a.name(), "method must be common, ceil or floor");
        };
        if (method.equals("common") && Py.isInt(v)) {
            return v;
        }
        return exact.setScale(precision, mode).doubleValue();
    }

    private static Object batch(Object v, Args a) {
        int size = a.integer("linecount", null).intValue();
        if (size <= 0) {
            throw new FilterError(a.name(), "linecount must be positive");
        }
        List<Object> items = Py.list(v, a.name());
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            List<Object> chunk = new ArrayList<>(items.subList(i, Math.min(items.size(), i + size)));
            if (a.has("fill_with") && a.get("fill_with", null) != null) {
                while (chunk.size() < size) {
                    chunk.add(a.get("fill_with", null));
                }
            }
            out.add(chunk);
        }
        return out;
    }

    /** Jinja2's map: map(attribute='x', default=d) or map('filter', args...). */
    private static Object map(Object v, Args a, JinjavaInterpreter interpreter) {
        List<Object> items = v == null ? List.of() : Py.list(v, a.name());
        List<Object> out = new ArrayList<>();
        if (a.rest().isEmpty() && a.extra().containsKey("attribute")) {
            String attr = Py.str(a.extra().get("attribute"));
            Object fallback = a.extra().get("default");
            for (String key : a.extra().keySet()) {
                if (!key.equals("attribute") && !key.equals("default")) {
                    throw new FilterError(a.name(), "Unexpected keyword argument '" + key + "'");
                }
            }
            for (Object x : items) {
                Object y = attribute(x, attr, Py.NO_KEY);
                if (y == Py.NO_KEY && !a.extra().containsKey("default")) {
                    throw new FilterError(a.name(), "'" + Py.typeName(x) + " object' has no attribute '" + attr + "'");
                }
                out.add(y == Py.NO_KEY ? fallback : y);
            }
            return out;
        }
        if (a.rest().isEmpty()) {
            throw new FilterError(a.name(), "map requires a filter argument");
        }
        String name = Py.str(a.rest().get(0));
        Filter filter = interpreter.getContext().getFilter(name);
        if (filter == null) {
            throw new FilterError(a.name(), "No filter named '" + name + "'.");
        }
        Object[] args = a.rest().subList(1, a.rest().size()).toArray();
        for (Object x : items) {
            out.add(filter.filter(x, interpreter, args, a.extra()));
        }
        return out;
    }

    /** select/reject (by the item) and selectattr/rejectattr (by an attribute), with a test or by truth. */
    private static Object select(Object v, Args a, JinjavaInterpreter interpreter, boolean byAttribute, boolean keep) {
        List<Object> rest = a.rest();
        if (byAttribute && rest.isEmpty()) {
            throw new FilterError(a.name(), "Missing parameter for attribute name");
        }
        String attr = byAttribute ? Py.str(rest.get(0)) : null;
        List<Object> testArgs = rest.subList(byAttribute ? 1 : 0, rest.size());
        ExpTest test = null;
        if (!testArgs.isEmpty()) {
            String name = Py.str(testArgs.get(0));
            test = interpreter.getContext().getExpTest(name);
            if (test == null) {
                throw new FilterError(a.name(), "No test named '" + name + "'.");
            }
        }
        boolean definedness = !testArgs.isEmpty() && List.of("defined", "undefined").contains(Py.str(testArgs.get(0)));
        List<Object> extra = new ArrayList<>(testArgs.isEmpty() ? List.of() : testArgs.subList(1, testArgs.size()));
        a.extra().forEach((k, x) -> extra.add(new com.hubspot.jinjava.el.ext.NamedParameter(k, x)));
        List<Object> out = new ArrayList<>();
        for (Object x : v == null ? List.of() : Py.list(v, a.name())) {
            // a missing attribute is an error, except for the tests that ask about it: for them it is undefined
            // (a None value is defined, as in Jinja2)
            Object subject = !byAttribute ? x : definedness ? attribute(x, attr, Py.NO_KEY) : attribute(x, attr, a.name());
            boolean hit = definedness && byAttribute ? (subject != Py.NO_KEY) == "defined".equals(Py.str(testArgs.get(0)))
                    : test == null ? Py.truthy(subject) : test.evaluate(subject, interpreter, extra.toArray());
            if (hit == keep) {
                out.add(x);
            }
        }
        return out;
    }

    /** Ansible's flatten: nulls ('None', 'null' too) dropped unless skip_nulls=False; levels=N flattens N levels. */
    private static List<Object> flatten(List<Object> items, Long levels, boolean skipNulls, String name) {
        List<Object> out = new ArrayList<>();
        for (Object x : items) {
            if (skipNulls && (x == null || "None".equals(Py.plain(x)) || "null".equals(Py.plain(x)))) {
                continue;
            }
            if (x instanceof List<?> || x instanceof java.util.Set<?>) {
                if (levels == null) {
                    out.addAll(flatten(Py.list(x, name), null, skipNulls, name));
                } else if (levels >= 1) {
                    out.addAll(flatten(Py.list(x, name), levels - 1, skipNulls, name));
                } else {
                    out.add(x);
                }
            } else {
                out.add(x);
            }
        }
        return out;
    }

    private static Object zip(Object v, Args a, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(Py.list(v, a.name()));
        for (Object x : a.rest()) {
            lists.add(Py.list(x, a.name()));
        }
        int n = lists.stream().mapToInt(List::size).reduce(longest ? 0 : Integer.MAX_VALUE, longest ? Math::max : Math::min);
        Object fill = a.get("fillvalue", null);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) {
                row.add(i < l.size() ? l.get(i) : fill);
            }
            out.add(new PyTuple(row));
        }
        return out;
    }

    /**
     * Ansible's subelements filter: (element, value) for each value of the list at the (dotted) path in each element;
     * unlike the subelements lookup the element keeps its list. A missing key fails unless skip_missing.
     */
    private static Object subelements(Object v, Args a) {
        List<Object> elements;
        if (v instanceof Map<?, ?> m) {
            elements = new ArrayList<>(m.values());
        } else if (v instanceof List<?> l) {
            elements = new ArrayList<>(l);
        } else {
            throw new FilterError(a.name(), "obj must be a list of dicts or a nested dict");
        }
        Object path = a.required("subelements");
        List<Object> keys;
        if (path instanceof List<?> l) {
            keys = new ArrayList<>(l);
        } else if (path instanceof CharSequence text) {
            keys = new ArrayList<>(List.of(text.toString().split("\\.", -1)));
        } else {
            throw new FilterError(a.name(), "subelements must be a list or a string");
        }
        boolean skipMissing = a.bool("skip_missing", false);
        List<Object> out = new ArrayList<>();
        for (Object element : elements) {
            Object values = element;
            for (Object key : keys) {
                if (!(values instanceof Map<?, ?> m)) {
                    throw new FilterError(a.name(), "the key " + Py.str(key) + " should point to a dictionary, got '" + Py.str(values) + "'");
                }
                Object found = Py.findKey(m, key);
                if (found == Py.NO_KEY) {
                    if (skipMissing) {
                        values = List.of();
                        break;
                    }
                    throw new FilterError(a.name(), "could not find " + Py.repr(key) + " key in iterated item " + Py.repr(values));
                }
                values = m.get(found);
            }
            if (!(values instanceof List<?> list)) {
                throw new FilterError(a.name(), "the key " + Py.repr(keys.get(keys.size() - 1)) + " should point to a list, got "
                        + Py.repr(values));
            }
            for (Object value : list) {
                out.add(new PyTuple(java.util.Arrays.asList(element, value)));
            }
        }
        return out;
    }

    private static Object product(Object v, Args a) {
        List<List<Object>> pools = new ArrayList<>();
        pools.add(Py.list(v, a.name()));
        for (Object x : a.rest()) {
            pools.add(Py.list(x, a.name()));
        }
        long repeat = a.integer("repeat", 1L);
        List<List<Object>> all = new ArrayList<>();
        for (long r = 0; r < repeat; r++) {
            all.addAll(pools);
        }
        List<List<Object>> result = new ArrayList<>();
        result.add(List.of());
        for (List<Object> pool : all) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : result) {
                for (Object x : pool) {
                    List<Object> row = new ArrayList<>(prefix);
                    row.add(x);
                    next.add(row);
                }
            }
            result = next;
        }
        List<Object> tuples = new ArrayList<>();
        result.forEach(r -> tuples.add(new PyTuple(r)));
        return tuples;
    }

    private static Object extract(Object item, Args a) {
        List<Object> keys = new ArrayList<>();
        keys.add(item);
        Object more = a.get("morekeys", null);
        if (more instanceof List<?> l) {
            keys.addAll(l);
        } else if (more != null) {
            keys.add(more);
        }
        Object v = a.required("container");
        for (Object k : keys) {
            if (v instanceof Map<?, ?> m && Py.findKey(m, k) != Py.NO_KEY) {
                v = m.get(Py.findKey(m, k));
            } else if (v instanceof List<?> l && Py.isInt(k) && ((Number) k).intValue() < l.size() && ((Number) k).intValue() >= -l.size()) {
                int i = ((Number) k).intValue();
                v = l.get(i < 0 ? i + l.size() : i);
            } else {
                throw new FilterError(a.name(), "'" + Py.typeName(v) + " object' has no attribute " + Py.repr(k));
            }
        }
        return v;
    }
}
