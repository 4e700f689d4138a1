package dev.muster.template;

import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expression's value as the engine passes it on: Jinjava's own list and dict wrappers (its literals, and the views it
 * puts around every collection it reads) are taken off, so a value that leaves the template engine is a plain list or
 * map. The collections themselves are not copied unless a wrapper is inside them; strings keep their identity (an
 * {@code !unsafe} string stays unsafe).
 */
final class Native {
    private Native() {
    }

    static Object of(Object value) {
        if (value instanceof Object[] array) {
            // a Java method's array (a string's split()) is Python's list
            return of(new ArrayList<>(java.util.Arrays.asList(array)));
        }
        if (value instanceof PyList list) {
            return of(list.toList());
        }
        if (value instanceof PyMap map) {
            return of(map.toMap());
        }
        if (value instanceof List<?> list && list.stream().anyMatch(Native::wrapped)) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(of(item)));
            return copy;
        }
        if (value instanceof Map<?, ?> map && map.values().stream().anyMatch(Native::wrapped)) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, of(v)));
            return copy;
        }
        return value;
    }

    private static boolean wrapped(Object value) {
        return value instanceof PyList || value instanceof PyMap
                || (value instanceof List<?> list && list.stream().anyMatch(Native::wrapped))
                || (value instanceof Map<?, ?> map && map.values().stream().anyMatch(Native::wrapped));
    }
}
