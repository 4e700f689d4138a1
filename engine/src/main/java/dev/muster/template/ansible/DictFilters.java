package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ansible's dictionary filters: combine (merge_hash with recursive and list_merge), dict2items, items2dict. */
final class DictFilters {
    private DictFilters() {
    }

    private static final List<String> LIST_MERGE = List.of("replace", "keep", "append", "prepend", "append_rp", "prepend_rp");

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("combine", "* **", DictFilters::combine),
                AnsibleFilter.of("dict2items", "key_name value_name", (v, a) -> {
                    if (!(v instanceof Map<?, ?> m)) {
                        throw new FilterError(a.name(), "dict2items requires a dictionary, got <class '" + Py.typeName(v) + "'> instead.");
                    }
                    List<Object> items = new ArrayList<>();
                    m.forEach((k, x) -> {
                        Map<Object, Object> item = new LinkedHashMap<>();
                        item.put(a.string("key_name", "key"), k);
                        item.put(a.string("value_name", "value"), x);
                        items.add(item);
                    });
                    return items;
                }),
                AnsibleFilter.of("items2dict", "key_name value_name", (v, a) -> {
                    String key = a.string("key_name", "key");
                    String value = a.string("value_name", "value");
                    if (!(v instanceof List<?> l)) {
                        throw new FilterError(a.name(), "items2dict requires a list, got " + Py.typeName(v) + " instead.");
                    }
                    Map<Object, Object> out = new LinkedHashMap<>();
                    for (Object item : l) {
                        if (!(item instanceof Map<?, ?> m)) {
                            throw new FilterError(a.name(), "items2dict requires a list of dictionaries, got " + Py.typeName(item) + " in the list.");
                        }
                        if (!m.containsKey(key) || !m.containsKey(value)) {
                            throw new FilterError(a.name(), "items2dict requires each dictionary in the list to contain the keys '" + key
                                    + "' and '" + value + "', got " + Py.repr(m) + " instead.");
                        }
                        out.put(m.get(key), m.get(value));
                    }
                    return out;
                }));
    }

    private static Object combine(Object v, Args a) {
        boolean recursive = Py.truthy(a.extra().get("recursive"));
        String listMerge = a.extra().containsKey("list_merge") ? Py.str(a.extra().get("list_merge")) : "replace";
        for (String key : a.extra().keySet()) {
            if (!key.equals("recursive") && !key.equals("list_merge")) {
                throw new FilterError(a.name(), "'recursive' and 'list_merge' are the only valid keyword arguments");
            }
        }
        if (!LIST_MERGE.contains(listMerge)) {
            throw new FilterError(a.name(), "merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', "
                    + "'append_rp' or 'prepend_rp'");
        }
        List<Object> terms = new ArrayList<>();
        terms.add(v);
        terms.addAll(a.rest());
        List<Map<Object, Object>> dicts = new ArrayList<>();
        for (Object t : terms) {
            if (t instanceof List<?> l) {
                l.forEach(x -> dicts.add(mapping(x, a)));
            } else {
                dicts.add(mapping(t, a));
            }
        }
        if (dicts.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<Object, Object> result = dicts.get(dicts.size() - 1);
        for (int i = dicts.size() - 2; i >= 0; i--) {
            result = merge(dicts.get(i), result, recursive, listMerge);
        }
        return result;
    }

    private static Map<Object, Object> mapping(Object x, Args a) {
        return Py.map(x, a.name(), "failed to combine variables, expected dicts but got a '" + Py.typeName(x) + "'");
    }

    /** Ansible's merge_hash(x, y): y's keys win; nested dicts merged when recursive; lists per list_merge. */
    @SuppressWarnings("unchecked")
    static Map<Object, Object> merge(Map<Object, Object> x, Map<Object, Object> y, boolean recursive, String listMerge) {
        if (x.isEmpty() || Py.eq(x, y)) {
            return new LinkedHashMap<>(y);
        }
        Map<Object, Object> out = new LinkedHashMap<>(x);
        for (Map.Entry<Object, Object> e : y.entrySet()) {
            Object key = e.getKey();
            Object yv = e.getValue();
            if (!out.containsKey(key)) {
                out.put(key, yv);
                continue;
            }
            Object xv = out.get(key);
            if (xv instanceof Map<?, ?> xm && yv instanceof Map<?, ?> ym) {
                out.put(key, recursive ? merge((Map<Object, Object>) xm, (Map<Object, Object>) ym, true, listMerge) : yv);
            } else if (xv instanceof List<?> xl && yv instanceof List<?> yl) {
                List<Object> merged = new ArrayList<>();
                switch (listMerge) {
                    case "keep" -> merged.addAll(xl);
                    case "append" -> {
                        merged.addAll(xl);
                        merged.addAll(yl);
                    }
                    case "prepend" -> {
                        merged.addAll(yl);
                        merged.addAll(xl);
                    }
                    case "append_rp" -> {
                        xl.stream().filter(z -> !ListFilters.in(z, (List<Object>) yl)).forEach(merged::add);
                        merged.addAll(yl);
                    }
                    case "prepend_rp" -> {
                        merged.addAll(yl);
                        xl.stream().filter(z -> !ListFilters.in(z, (List<Object>) yl)).forEach(merged::add);
                    }
                    default -> merged.addAll(yl);
                }
                out.put(key, merged);
            } else {
                out.put(key, yv);
            }
        }
        return out;
    }
}
