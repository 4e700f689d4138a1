package dev.muster.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.shell.Shell;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlContext;

/**
 * The functions translated conditions call through the {@code m:} namespace: Ansible's tests
 * ({@code is defined}, {@code is changed}, ...) and filters ({@code | bool}, {@code | length}, ...).
 * JEXL makes one per evaluation with the evaluation's context, which holds the variables.
 */
public final class ConditionFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> vars;

    public ConditionFunctions(JexlContext context) {
        this.vars = context instanceof Expressions.VarsContext v ? v.vars() : Map.of();
    }

    public boolean defined(String path) {
        return Variables.defined(vars, path);
    }

    public Object dflt(String path) {
        return dflt(path, "", false);
    }

    public Object dflt(String path, Object fallback) {
        return dflt(path, fallback, false);
    }

    /** {@code x | default(v, true)} also replaces a defined but empty or false value. */
    public Object dflt(String path, Object fallback, boolean orFalsy) {
        if (!Variables.defined(vars, path)) {
            return fallback;
        }
        Object value = Variables.lookup(vars, path).orElse(null);
        return orFalsy && !Expressions.truthy(value) ? fallback : value;
    }

    /** Tests that take an argument: match/search/regex (Java regex), version(v, op), divisibleby, sameas. */
    public boolean is(Object value, String test, Object arg) {
        return is(value, test, arg, null);
    }

    public boolean is(Object value, String test, Object arg, Object arg2) {
        String text = TemplatedValues.stringify(value);
        return switch (test) {
            case "match" -> java.util.regex.Pattern.compile(TemplatedValues.stringify(arg)).matcher(text).lookingAt();
            case "search", "regex" -> java.util.regex.Pattern.compile(TemplatedValues.stringify(arg)).matcher(text).find();
            case "version", "version_compare" -> compareVersions(text, TemplatedValues.stringify(arg), arg2 == null ? "==" : TemplatedValues.stringify(arg2));
            case "divisibleby" -> toLong(value) % toLong(arg) == 0;
            case "sameas" -> value == arg || value != null && value.equals(arg);
            case "in" -> arg instanceof Collection<?> c ? c.contains(value) : TemplatedValues.stringify(arg).contains(text);
            default -> throw new TemplateException("unknown test 'is " + test + "(...)'");
        };
    }

    /** Dotted numeric versions compared part by part ("12.10" > "12.9"); non-numeric parts compare as text. */
    static boolean compareVersions(String a, String b, String op) {
        String[] x = a.split("[.\\-+~]");
        String[] y = b.split("[.\\-+~]");
        int cmp = 0;
        for (int i = 0; i < Math.max(x.length, y.length) && cmp == 0; i++) {
            String p = i < x.length ? x[i] : "0";
            String q = i < y.length ? y[i] : "0";
            cmp = p.matches("\\d+") && q.matches("\\d+") ? Long.compare(Long.parseLong(p), Long.parseLong(q)) : p.compareTo(q);
        }
        return switch (op) {
            case "<", "lt" -> cmp < 0;
            case "<=", "le" -> cmp <= 0;
            case ">", "gt" -> cmp > 0;
            case ">=", "ge" -> cmp >= 0;
            case "==", "=", "eq" -> cmp == 0;
            case "!=", "<>", "ne" -> cmp != 0;
            default -> throw new TemplateException("unknown version operator '" + op + "'");
        };
    }

    public boolean is(Object value, String test) {
        return switch (test) {
            case "none" -> value == null;
            case "changed" -> flag(value, "changed");
            case "failed" -> flag(value, "failed");
            case "succeeded", "success", "successful" -> !flag(value, "failed");
            case "skipped" -> flag(value, "skipped");
            case "string" -> value instanceof String;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer || value instanceof Long;
            case "float" -> value instanceof Double || value instanceof Float;
            case "boolean" -> value instanceof Boolean;
            case "mapping" -> value instanceof Map;
            case "sequence", "iterable" -> value instanceof Collection || value instanceof String;
            case "true" -> Boolean.TRUE.equals(value);
            case "false" -> Boolean.FALSE.equals(value);
            case "even" -> toLong(value) % 2 == 0;
            case "odd" -> toLong(value) % 2 != 0;
            default -> throw new TemplateException("unknown test 'is " + test + "'");
        };
    }

    public Object filter(String name, Object value) {
        return filter(name, value, new Object[0]);
    }

    public Object filter(String name, Object value, Object arg) {
        return filter(name, value, new Object[] {arg});
    }

    public Object filter(String name, Object value, Object arg, Object arg2) {
        return filter(name, value, new Object[] {arg, arg2});
    }

    private Object filter(String name, Object value, Object[] args) {
        return switch (name) {
            case "bool" -> toBool(value);
            case "int" -> toLong(value) == (int) toLong(value) ? (Object) (int) toLong(value) : (Object) toLong(value);
            case "float" -> value instanceof Number n ? n.doubleValue() : parseDouble(value);
            case "string" -> TemplatedValues.stringify(value);
            case "length", "count" -> length(value);
            case "lower" -> TemplatedValues.stringify(value).toLowerCase();
            case "upper" -> TemplatedValues.stringify(value).toUpperCase();
            case "trim" -> TemplatedValues.stringify(value).strip();
            case "default", "d" -> value == null || args.length > 1 && Expressions.truthy(args[1]) && !Expressions.truthy(value)
                    ? (args.length > 0 ? args[0] : "") : value;
            case "first" -> list(value).isEmpty() ? null : list(value).get(0);
            case "last" -> list(value).isEmpty() ? null : list(value).get(list(value).size() - 1);
            case "list" -> list(value);
            case "join" -> String.join(args.length > 0 ? TemplatedValues.stringify(args[0]) : "", list(value).stream().map(TemplatedValues::stringify).toList());
            case "unique" -> new ArrayList<>(new LinkedHashSet<>(list(value)));
            case "sort" -> list(value).stream().sorted(Comparator.comparing(TemplatedValues::stringify)).toList();
            case "min" -> list(value).stream().min(ConditionFunctions::compare).orElse(null);
            case "max" -> list(value).stream().max(ConditionFunctions::compare).orElse(null);
            case "sum" -> list(value).stream().mapToLong(ConditionFunctions::toLong).sum();
            case "abs" -> Math.abs(toLong(value));
            case "basename" -> { String p = TemplatedValues.stringify(value); yield p.substring(p.lastIndexOf('/') + 1); }
            case "dirname" -> { String p = TemplatedValues.stringify(value); int i = p.lastIndexOf('/'); yield i < 0 ? "" : i == 0 ? "/" : p.substring(0, i); }
            case "quote" -> Shell.quote(TemplatedValues.stringify(value));
            case "to_json" -> toJson(value);
            case "from_json" -> fromJson(TemplatedValues.stringify(value));
            case "mandatory" -> value;
            default -> throw new TemplateException("unknown filter '" + name + "'");
        };
    }

    private static boolean flag(Object result, String key) {
        if (!(result instanceof Map<?, ?> map)) {
            throw new TemplateException("'is " + key + "' needs a registered result, not " + TemplatedValues.stringify(result));
        }
        return Expressions.truthy(map.get(key));
    }

    static boolean toBool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n) {
            return n.doubleValue() == 1;
        }
        String text = value == null ? "" : String.valueOf(value).strip().toLowerCase();
        return List.of("yes", "on", "1", "true", "y", "t").contains(text);
    }

    static long toLong(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        try {
            String text = value == null ? "" : String.valueOf(value).strip();
            return text.contains(".") ? (long) Double.parseDouble(text) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;  // as Jinja's int filter: what is not a number is 0
        }
    }

    private static double parseDouble(Object value) {
        try {
            return Double.parseDouble(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            return 0.0;
        }
    }

    private static int length(Object value) {
        if (value instanceof Collection<?> c) {
            return c.size();
        }
        if (value instanceof Map<?, ?> m) {
            return m.size();
        }
        if (value instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        throw new TemplateException("length of " + TemplatedValues.stringify(value) + " is not defined");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        if (value instanceof List<?> l) {
            return (List<Object>) l;
        }
        if (value instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (value instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (value instanceof String s) {
            return s.codePoints().mapToObj(Character::toString).map(Object.class::cast).toList();
        }
        return value == null ? List.of() : List.of(value);
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        return TemplatedValues.stringify(a).compareTo(TemplatedValues.stringify(b));
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TemplateException("cannot convert to JSON: " + e.getOriginalMessage());
        }
    }

    private static Object fromJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new TemplateException("not valid JSON: " + e.getOriginalMessage());
        }
    }
}
