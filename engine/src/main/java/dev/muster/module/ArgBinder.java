package dev.muster.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one argument checker: turns a task's raw arguments into {@link Args} checked against an {@link ArgSpec}.
 * The planner runs it on the arguments as written (a value that is still a template is taken as given, its type
 * and choice checked later), the executor on the templated ones; both get the same rules and the same messages.
 */
final class ArgBinder {

    private final ArgSpec spec;
    /** "module 'copy'" when the planner names it, else "the module" (the executor adds the task's name). */
    private final String who;
    /** Planning: values holding {@code {{ }}} are known only at run time, so only their presence counts. */
    private final boolean planning;

    ArgBinder(ArgSpec spec, String module, boolean planning) {
        this.spec = spec;
        this.who = module == null ? "the module" : "module '" + module + "'";
        this.planning = planning;
    }

    Args bind(Object raw) {
        // a free-form string was already split by the planner (FreeFormArgs): arguments arrive as a mapping
        Map<String, Object> given = raw instanceof Map<?, ?> map ? stringKeys(map)
                : raw == null ? Map.of() : fail(null, "arguments must be a mapping or a string, not " + raw.getClass().getSimpleName());
        Map<String, String> byName = new LinkedHashMap<>();
        spec.args().values().forEach(arg -> arg.allNames().forEach(name -> byName.put(name, arg.name())));
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            String written = entry.getKey();
            String name = byName.get(written);
            if (name == null && spec.openEnded()) {
                values.put(written, entry.getValue());
                continue;
            }
            if (name == null) {
                List<String> close = Suggest.all(written, byName.keySet());
                String help = close.isEmpty() ? " (known: " + String.join(", ", new TreeSet<>(spec.args().keySet())) + ")" : Suggest.hint(close);
                fail(written, "unknown argument '" + written + "' for " + who + help);
            }
            if (values.get(name) != null && entry.getValue() != null) {
                fail(written, "argument '" + name + "' of " + who + " is given twice (through an alias)");
            }
            values.put(name, convert(spec.args().get(name), written, entry.getValue()));
        }
        for (ArgSpec.Arg arg : spec.args().values()) {
            if (values.get(arg.name()) == null) {
                if (arg.required()) {
                    fail(null, who + " needs argument '" + arg.name() + "'");
                }
                values.put(arg.name(), arg.defaultValue());
            }
        }
        for (Set<String> group : spec.mutuallyExclusive()) {
            List<String> present = group.stream().filter(n -> values.get(n) != null).sorted().toList();
            if (present.size() > 1) {
                fail(null, who + ": arguments " + present + " cannot be used together");
            }
        }
        for (Set<String> group : spec.requiredOneOf()) {
            if (group.stream().noneMatch(n -> values.get(n) != null)) {
                fail(null, who + " needs one of " + new TreeSet<>(group));
            }
        }
        return new Args(values);
    }

    private Object convert(ArgSpec.Arg arg, String written, Object value) {
        if (value == null || planning && value instanceof String text && text.contains("{{")) {
            return value;
        }
        String name = "argument '" + arg.name() + "' of " + who;
        Object converted = switch (arg.type()) {
            case STRING, PATH -> {
                if (value instanceof Map || value instanceof List) {
                    yield fail(written, name + " must be a string, not a " + (value instanceof Map ? "mapping" : "list"));
                }
                yield String.valueOf(value);
            }
            case BOOL -> toBool(value).orElseGet(() -> fail(written, name + " must be a boolean (yes/no, true/false), not '" + value + "'"));
            case INT -> {
                if (value instanceof Number n) {
                    yield n.intValue();
                }
                try {
                    yield Integer.parseInt(String.valueOf(value).strip());
                } catch (NumberFormatException e) {
                    yield fail(written, name + " must be an integer, not '" + value + "'");
                }
            }
            case LIST -> value instanceof List<?> list ? list
                    : value instanceof Map ? fail(written, name + " must be a list, not a mapping")
                    : splitCommas(String.valueOf(value));
            case CONDITIONS -> value instanceof List<?> list ? list
                    : value instanceof Map ? fail(written, name + " must be a condition or a list of them, not a mapping")
                    : List.of(String.valueOf(value));
            case DICT -> value instanceof Map<?, ?> map ? stringKeys(map) : fail(written, name + " must be a mapping");
            // YAML reads mode: 0644 as the octal number 420: give it back as the digits the operator wrote.
            case MODE -> value instanceof Number n ? Integer.toOctalString(n.intValue()) : String.valueOf(value);
            case ANY -> value;
        };
        if (!arg.choices().isEmpty() && !arg.choices().contains(String.valueOf(converted))) {
            fail(written, name + " must be one of " + new TreeSet<>(arg.choices()) + ", not '" + converted + "'"
                    + Suggest.hint(Suggest.all(String.valueOf(converted), arg.choices())));
        }
        return converted;
    }

    private static java.util.Optional<Boolean> toBool(Object value) {
        if (value instanceof Boolean b) {
            return java.util.Optional.of(b);
        }
        return switch (String.valueOf(value).strip().toLowerCase()) {
            case "yes", "true", "on", "1", "y", "t" -> java.util.Optional.of(true);
            case "no", "false", "off", "0", "n", "f", "" -> java.util.Optional.of(false);
            default -> java.util.Optional.empty();
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

    /** @param written the argument as the task wrote it (its location is the error's), or null for the task's own */
    private static <T> T fail(String written, String message) {
        throw new ArgumentException(written, message);
    }
}
