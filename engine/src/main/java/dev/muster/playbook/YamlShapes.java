package dev.muster.playbook;

import dev.muster.error.MusterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small readers of playbook YAML that report FILE:LINE:COLUMN when a value has the wrong shape
 * (a list where a mapping belongs, a word where true/false belongs), shared by every loader.
 */
final class YamlShapes {

    private YamlShapes() {
    }

    static YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping map) {
            return map;
        }
        throw new MusterException(node.location(), what + " must be a mapping");
    }

    static List<YamlNode> sequence(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence seq) {
            return seq.items();
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.value() == null) {
            return List.of();
        }
        throw new MusterException(node.location(), what + " must be a list");
    }

    static String string(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value() != null) {
            return scalar.text();
        }
        throw new MusterException(node == null ? null : node.location(), what + " must be a string");
    }

    static String optString(YamlNode node) {
        return node == null || node instanceof YamlNode.Scalar s && s.value() == null ? null : string(node, "value");
    }

    static Boolean bool(YamlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean b) {
            return b;
        }
        throw new MusterException(node.location(), "expected true or false");
    }

    static int integer(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Integer i) {
            return i;
        }
        throw new MusterException(node.location(), what + " must be a whole number");
    }

    static Map<String, Object> varsOf(YamlNode node, String what) {
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) mapping(node, what).toPlain();
        return plain;
    }

    /**
     * An unmodifiable copy that keeps a variable set to null ({@code x:}, {@code x: ~}) as None, as Ansible does:
     * {@code x is none} is true and {@code ternary}'s third value is chosen (Map.copyOf refuses null values, and reading
     * them as "" made {@code is none} false).
     */
    static Map<String, Object> frozen(Map<String, Object> vars) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    }

    /** One name or a list of names. */
    static List<String> stringList(YamlNode node) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Scalar) {
            return List.of(string(node, "a name"));
        }
        return sequence(node, "a list of names").stream().map(item -> string(item, "a name")).toList();
    }

    /** {@code tags: a, b}, {@code tags: [a, b]} or {@code tags: "a,b"}. */
    static Set<String> tagsOf(YamlNode node) {
        if (node == null) {
            return Set.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : stringList(node)) {
            for (String part : tag.split(",")) {
                if (!part.isBlank()) {
                    tags.add(part.trim());
                }
            }
        }
        return tags;
    }

    /** One condition or a list of them, each with where it was written. */
    static List<Condition> conditions(YamlNode node) {
        if (node == null) {
            return new ArrayList<>();
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        List<Condition> conditions = new ArrayList<>();
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Scalar scalar) || scalar.value() == null) {
                throw new MusterException(item.location(), "a condition must be an expression");
            }
            conditions.add(new Condition(scalar.text(), scalar.location()));
        }
        return conditions;
    }

    /** {@code dir/name.yml} or {@code .yaml} or bare, read; or null when none exists. */
    static YamlNode readOptional(Path dir, String name) {
        for (String candidate : List.of(name + ".yml", name + ".yaml", name)) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return YamlReader.read(file);
            }
        }
        return null;
    }

    /** The directory relative names in {@code file} are resolved against. */
    static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
