package dev.muster.template;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read-only views of variables for JEXL in which a missing key or index is an error naming it,
 * not a silent null: {@code result.rcc == 0} must fail like Ansible, not be quietly false.
 */
final class StrictValues {

    private StrictValues() {
    }

    static Object wrap(Object value, String path) {
        if (value instanceof StrictMap || value instanceof StrictList) {
            return value;
        }
        if (value instanceof Map<?, ?> map) {
            return new StrictMap(map, path);
        }
        if (value instanceof List<?> list) {
            return new StrictList(list, path);
        }
        return value;
    }

    static Object unwrap(Object value) {
        if (value instanceof StrictMap m) {
            return m.map;
        }
        if (value instanceof StrictList l) {
            return l.list;
        }
        return value;
    }

    public static final class StrictMap extends AbstractMap<Object, Object> {
        private final Map<?, ?> map;
        private final String path;

        StrictMap(Map<?, ?> map, String path) {
            this.map = map;
            this.path = path;
        }

        @Override
        public Object get(Object key) {
            if (!map.containsKey(key)) {
                throw new TemplateException("undefined attribute '" + key + "' of '" + path + "'");
            }
            return wrap(map.get(key), path + "." + key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        @SuppressWarnings("unchecked")
        public Set<Entry<Object, Object>> entrySet() {
            return (Set<Entry<Object, Object>>) (Set<?>) map.entrySet();
        }

        @Override
        public int size() {
            return map.size();
        }
    }

    public static final class StrictList extends AbstractList<Object> {
        private final List<?> list;
        private final String path;

        StrictList(List<?> list, String path) {
            this.list = list;
            this.path = path;
        }

        @Override
        public Object get(int index) {
            if (index < 0 || index >= list.size()) {
                throw new TemplateException("index " + index + " is out of range for '" + path + "' (" + list.size() + " items)");
            }
            return wrap(list.get(index), path + "[" + index + "]");
        }

        @Override
        public int size() {
            return list.size();
        }
    }
}
