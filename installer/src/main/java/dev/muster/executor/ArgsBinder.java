package dev.muster.executor;

import dev.muster.module.ArgSpec;
import dev.muster.module.Args;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns templated task arguments into a module's {@link Args}: aliases resolved, defaults filled,
 * values converted to the declared types. Runs per host after templating, because a templated
 * value's type is only known then; the names were already checked before any host was touched.
 */
final class ArgsBinder {

    private ArgsBinder() {
    }

    static Args bind(ArgSpec spec, Map<String, Object> given) {
        Map<String, String> canonical = new LinkedHashMap<>();
        spec.args().values().forEach(arg -> {
            canonical.put(arg.name(), arg.name());
            arg.aliases().forEach(alias -> canonical.put(alias, arg.name()));
        });
        Map<String, Object> values = new LinkedHashMap<>();
        given.forEach((key, value) -> {
            String name = canonical.get(key);
            if (name == null) {
                throw new IllegalArgumentException("unknown argument '" + key + "'");
            }
            if (value != null) {
                values.put(name, value);
            }
        });
        Map<String, Object> bound = new LinkedHashMap<>();
        for (ArgSpec.Arg arg : spec.args().values()) {
            Object value = values.containsKey(arg.name()) ? values.get(arg.name()) : arg.defaultValue();
            if (value == null) {
                if (arg.required()) {
                    throw new IllegalArgumentException("argument '" + arg.name() + "' is required");
                }
                continue;
            }
            Object converted = convert(arg, value);
            if (!arg.choices().isEmpty() && !arg.choices().contains(String.valueOf(converted))) {
                throw new IllegalArgumentException("argument '" + arg.name() + "' must be one of " + new TreeSet<>(arg.choices())
                        + ", not '" + converted + "'");
            }
            bound.put(arg.name(), converted);
        }
        return new Args(bound);
    }

    private static Object convert(ArgSpec.Arg arg, Object value) {
        return switch (arg.type()) {
            case BOOL -> bool(arg.name(), value);
            case INT -> integer(arg.name(), value);
            case LIST -> value instanceof List<?> ? value
                    : new ArrayList<>(Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
            case DICT -> {
                if (!(value instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("argument '" + arg.name() + "' must be a mapping");
                }
                yield value;
            }
            // YAML reads mode: 0644 as the octal number 420; Ansible means the permission bits 0644.
            case MODE -> value instanceof Integer number ? "0" + Integer.toOctalString(number) : String.valueOf(value);
            case STRING, PATH -> value instanceof Map<?, ?> || value instanceof List<?> ? value : String.valueOf(value);
            case ANY -> value;
        };
    }

    static boolean bool(String name, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "yes", "on", "1", "y" -> true;
            case "false", "no", "off", "0", "n", "" -> false;
            default -> throw new IllegalArgumentException("argument '" + name + "' must be true or false, not '" + value + "'");
        };
    }

    private static Integer integer(String name, Object value) {
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return Integer.valueOf(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument '" + name + "' must be a whole number, not '" + value + "'");
        }
    }
}
