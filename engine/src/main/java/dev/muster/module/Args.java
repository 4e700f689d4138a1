package dev.muster.module;

import java.util.List;
import java.util.Map;

/**
 * A task's arguments after templating and validation against the module's {@link ArgSpec}:
 * aliases resolved, defaults filled, values converted to the declared type.
 */
public record Args(Map<String, Object> values) {

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public String string(String name) {
        Object value = values.get(name);
        return value == null ? null : String.valueOf(value);
    }

    public boolean bool(String name) {
        Object value = values.get(name);
        return value instanceof Boolean b ? b : value != null && Boolean.parseBoolean(String.valueOf(value));
    }

    public Integer integer(String name) {
        Object value = values.get(name);
        return value == null ? null : value instanceof Number n ? n.intValue() : Integer.valueOf(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    public List<Object> list(String name) {
        Object value = values.get(name);
        return value == null ? List.of() : value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> dict(String name) {
        Object value = values.get(name);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
