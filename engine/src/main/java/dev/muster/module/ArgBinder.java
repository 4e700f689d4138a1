package dev.muster.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a task's raw (already templated) arguments into {@link Args} checked against an {@link ArgSpec}. */
final class ArgBinder {

    private final ArgSpec spec;
    private final String module;

    ArgBinder(ArgSpec spec, String module) {
        this.spec = spec;
        this.module = module;
    }

    Args bind(Object raw) {
        // a free-form string was already split by the planner (FreeFormArgs): arguments arrive as a mapping
        Map<String, Object> given = raw instanceof Map<?, ?> map ? stringKeys(map)
                : raw == null ? Map.of() : fail("arguments must be a mapping or a string, not " + raw.getClass().getSimpleName());
        Map<String, String> byName = new LinkedHashMap<>();
        spec.args().values().forEach(arg -> {
            byName.put(arg.name(), arg.name());
            arg.aliases().forEach(alias -> byName.put(alias, arg.name()));
        });
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            String name = byName.get(entry.getKey());
            if (name == null && spec.openEnded()) {
                values.put(entry.getKey(), entry.getValue());
                continue;
            }
            if (name == null) {
                String hint = Suggest.closest(entry.getKey(), byName.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("");
                fail("unknown argument '" + entry.getKey() + "'" + hint + "; known: " + String.join(", ", new TreeSet<>(spec.args().keySet())));
            }
            if (values.containsKey(name) && entry.getValue() != null) {
                fail("argument '" + name + "' is given twice (through an alias)");
            }
            values.put(name, convert(spec.args().get(name), entry.getValue()));
        }
        for (ArgSpec.Arg arg : spec.args().values()) {
            if (values.get(arg.name()) == null) {
                if (arg.required()) {
                    fail("missing required argument '" + arg.name() + "'");
                }
                values.put(arg.name(), arg.defaultValue());
            }
        }
        for (Set<String> group : spec.mutuallyExclusive()) {
            List<String> present = group.stream().filter(n -> values.get(n) != null).sorted().toList();
            if (present.size() > 1) {
                fail("arguments " + String.join(" and ", present) + " are mutually exclusive");
            }
        }
        for (Set<String> group : spec.requiredOneOf()) {
            if (group.stream().noneMatch(n -> values.get(n) != null)) {
                fail("one of " + String.join(", ", new TreeSet<>(group)) + " is required");
            }
        }
        return new Args(values);
    }


    private Object convert(ArgSpec.Arg arg, Object value) {
        if (value == null) {
            return null;
        }
        String name = arg.name();
        Object converted = switch (arg.type()) {
            case STRING, PATH -> {
                if (value instanceof Map || value instanceof List) {
                    yield fail("argument '" + name + "' must be a string, not a " + (value instanceof Map ? "mapping" : "list"));
                }
                yield String.valueOf(value);
            }
            case BOOL -> toBool(name, value);
            case INT -> {
                if (value instanceof Number n) {
                    yield n.intValue();
                }
                try {
                    yield Integer.parseInt(String.valueOf(value).strip());
                } catch (NumberFormatException e) {
                    yield fail("argument '" + name + "' must be an integer, not '" + value + "'");
                }
            }
            case LIST -> value instanceof List<?> list ? list
                    : value instanceof Map ? fail("argument '" + name + "' must be a list, not a mapping")
                    : splitCommas(String.valueOf(value));
            case CONDITIONS -> value instanceof List<?> list ? list
                    : value instanceof Map ? fail("argument '" + name + "' must be a condition or a list of them, not a mapping")
                    : List.of(String.valueOf(value));
            case DICT -> value instanceof Map<?, ?> map ? stringKeys(map) : fail("argument '" + name + "' must be a mapping");
            // YAML reads mode: 0644 as the octal number 420: give it back as the digits the operator wrote.
            case MODE -> value instanceof Number n ? Integer.toOctalString(n.intValue()) : String.valueOf(value);
            case ANY -> value;
        };
        if (!arg.choices().isEmpty() && !arg.choices().contains(String.valueOf(converted))) {
            String hint = Suggest.closest(String.valueOf(converted), arg.choices()).map(s -> " (did you mean '" + s + "'?)").orElse("");
            fail("argument '" + name + "' must be one of " + String.join(", ", new TreeSet<>(arg.choices())) + ", not '" + converted + "'" + hint);
        }
        return converted;
    }

    static Boolean toBool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip().toLowerCase();
        return switch (text) {
            case "yes", "true", "on", "1", "y", "t" -> true;
            case "no", "false", "off", "0", "n", "f", "" -> false;
            default -> fail("argument '" + name + "' must be a boolean (yes/no, true/false), not '" + value + "'");
        };
    }

    private static List<Object> splitCommas(String text) {
        List<Object> items = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                items.add(part.strip());
            }
        }
        return items;
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static <T> T fail(String message) {
        throw new ArgumentException(message);
    }
}
