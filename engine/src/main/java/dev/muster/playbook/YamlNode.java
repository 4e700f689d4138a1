package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML node that remembers where it was written, so every task, keyword and argument can be
 * reported as FILE:LINE:COLUMN. {@link #toPlain()} gives the plain Java value (Map, List, String,
 * Number, Boolean, null) used as variables.
 */
public sealed interface YamlNode permits YamlNode.Scalar, YamlNode.Sequence, YamlNode.Mapping {

    SourceLocation location();

    Object toPlain();

    /** A scalar: {@code value} is already typed (String, Integer, Long, Double, Boolean or null). */
    record Scalar(Object value, SourceLocation location) implements YamlNode {
        @Override
        public Object toPlain() {
            return value;
        }

        public String text() {
            return value == null ? "" : String.valueOf(value);
        }
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        @Override
        public Object toPlain() {
            List<Object> plain = new ArrayList<>(items.size());
            items.forEach(item -> plain.add(item.toPlain()));
            return plain;
        }
    }

    /** A mapping with string keys, in file order; {@code keys} holds where each key was written. */
    record Mapping(Map<String, YamlNode> entries, Map<String, SourceLocation> keys, SourceLocation location) implements YamlNode {
        @Override
        public Object toPlain() {
            Map<String, Object> plain = new LinkedHashMap<>();
            entries.forEach((k, v) -> plain.put(k, v.toPlain()));
            return plain;
        }

        public YamlNode get(String key) {
            return entries.get(key);
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }

        public SourceLocation keyLocation(String key) {
            SourceLocation at = keys.get(key);
            return at == null ? location : at;
        }
    }
}
