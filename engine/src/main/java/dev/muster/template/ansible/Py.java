package dev.muster.template.ansible;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Python's meaning of the values Jinjava hands to filters (String, Long, Double, Boolean, null, List, Map):
 * truth, str() and repr(), equality and ordering, int() and float(). Ansible's filters are Python functions;
 * they keep their meaning here only if every conversion is Python's, not Java's.
 */
final class Py {
    private Py() {
    }

    static boolean truthy(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        if (v instanceof CharSequence s) {
            return s.length() > 0;
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static boolean isString(Object v) {
        return v instanceof CharSequence;
    }

    static boolean isInt(Object v) {
        return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof BigInteger;
    }

    static boolean isFloat(Object v) {
        return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
    }

    /** Python's type name, as Ansible's error messages and {@code type_debug} give it. */
    static String typeName(Object v) {
        if (v == null) {
            return "NoneType";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (isInt(v)) {
            return "int";
        }
        if (isFloat(v)) {
            return "float";
        }
        if (v instanceof CharSequence) {
            return "str";
        }
        if (v instanceof Map) {
            return "dict";
        }
        if (v instanceof Collection) {
            return "list";
        }
        return "object";
    }

    /** Python's {@code str(v)}. */
    static String str(Object v) {
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        return repr(v);
    }

    /** Python's {@code repr(v)}: what Jinja prints for a list or a dict inside a template. */
    static String repr(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof CharSequence s) {
            return reprString(s.toString());
        }
        if (isFloat(v)) {
            return floatRepr(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (out.length() > 1) {
                    out.append(", ");
                }
                out.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return out.append('}').toString();
        }
        if (v instanceof PyTuple t) {
            String items = repr(new ArrayList<>(t));
            return "(" + items.substring(1, items.length() - 1) + (t.size() == 1 ? ",)" : ")");
        }
        if (v instanceof Collection<?> c) {
            StringBuilder out = new StringBuilder("[");
            for (Object item : c) {
                if (out.length() > 1) {
                    out.append(", ");
                }
                out.append(repr(item));
            }
            return out.append(']').toString();
        }
        return v.toString();
    }

    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        s.codePoints().forEach(c -> {
            if (c == quote || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(quote).toString();
    }

    /** Python's float repr: the shortest digits, positional from 1e-4 up to 1e16, else "1e-05" / "1.5e+16". */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    /** Python's str.isspace() for one character (Java's isWhitespace misses the no-break spaces and U+0085). */
    static boolean isSpace(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
    }

    /** Python's {@code str.lstrip()}. */
    static String lstrip(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    /** Python's {@code str.rstrip()}. */
    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Python's {@code str.split()}: the words between runs of whitespace. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            int j = i;
            while (j < s.length() && !isSpace(s.charAt(j))) {
                j++;
            }
            if (j > i) {
                out.add(s.substring(i, j));
            }
            i = j;
        }
        return out;
    }

    /** Python's {@code list(v)}: a string's characters, a dict's keys. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object v, String filter) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        if (v instanceof Collection<?> c) {
            return new ArrayList<>(c);
        }
        if (v instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        if (v instanceof CharSequence s) {
            List<Object> chars = new ArrayList<>();
            s.toString().codePoints().forEach(c -> chars.add(Character.toString(c)));
            return chars;
        }
        if (v instanceof Iterable<?> it) {
            List<Object> items = new ArrayList<>();
            it.forEach(items::add);
            return items;
        }
        if (v instanceof Iterator<?> it) {
            List<Object> items = new ArrayList<>();
            it.forEachRemaining(items::add);
            return items;
        }
        throw new FilterError(filter, "'" + typeName(v) + "' object is not iterable");
    }

    @SuppressWarnings("unchecked")
    static Map<Object, Object> map(Object v, String filter, String what) {
        if (v instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw new FilterError(filter, what + ", got " + typeName(v));
    }

    /** Python's {@code ==}: 1 == 1.0 == True, lists and dicts by content. */
    static boolean eq(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (isNumeric(a) && isNumeric(b)) {
            return number(a).compareTo(number(b)) == 0;
        }
        if (a instanceof CharSequence x && b instanceof CharSequence y) {
            return x.toString().equals(y.toString());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                Object key = findKey(y, e.getKey());
                if (key == NO_KEY || !eq(e.getValue(), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static final Object NO_KEY = new Object();

    static Object findKey(Map<?, ?> m, Object key) {
        if (m.containsKey(key)) {
            return key;
        }
        for (Object k : m.keySet()) {
            if (eq(k, key)) {
                return k;
            }
        }
        return NO_KEY;
    }

    /** Python's {@code in}: substring, list element, dict key. */
    static boolean contains(Object container, Object item, String filter) {
        if (container instanceof CharSequence s) {
            if (!(item instanceof CharSequence)) {
                throw new FilterError(filter, "'in <string>' requires string as left operand, not " + typeName(item));
            }
            return s.toString().contains(item.toString());
        }
        if (container instanceof Map<?, ?> m) {
            return findKey(m, item) != NO_KEY;
        }
        for (Object x : list(container, filter)) {
            if (eq(x, item)) {
                return true;
            }
        }
        return false;
    }

    static boolean isNumeric(Object v) {
        return v instanceof Number || v instanceof Boolean;
    }

    static BigDecimal number(Object v) {
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (isFloat(v)) {
            return new BigDecimal(((Number) v).doubleValue());
        }
        return BigDecimal.valueOf(((Number) v).longValue());
    }

    /** Python's ordering ({@code <}); mixed types fail as Python's do. */
    static int compare(Object a, Object b, String filter) {
        if (isNumeric(a) && isNumeric(b)) {
            return number(a).compareTo(number(b));
        }
        if (a instanceof CharSequence x && b instanceof CharSequence y) {
            return compareCodePoints(x.toString(), y.toString());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!eq(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i), filter);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw new FilterError(filter, "'<' not supported between instances of '" + typeName(a) + "' and '" + typeName(b) + "'");
    }

    static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int a = x.codePointAt(i);
            int b = y.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }

    /** Python's {@code int(v)}, or null when Python raises (the caller decides: default or error). */
    static Long toIntOrNull(Object v, int base) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (isInt(v)) {
            return ((Number) v).longValue();
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? (long) d : null;
        }
        if (v instanceof CharSequence s) {
            String text = s.toString().strip().replace("_", "");
            String sign = "";
            if (text.startsWith("-") || text.startsWith("+")) {
                sign = text.substring(0, 1);
                text = text.substring(1);
            }
            int radix = base;
            String lower = text.toLowerCase();
            if ((base == 16 && lower.startsWith("0x")) || (base == 8 && lower.startsWith("0o")) || (base == 2 && lower.startsWith("0b"))) {
                text = text.substring(2);
            } else if (base == 0) {
                radix = lower.startsWith("0x") ? 16 : lower.startsWith("0o") ? 8 : lower.startsWith("0b") ? 2 : 10;
                text = radix == 10 ? text : text.substring(2);
            }
            try {
                return Long.parseLong(sign + text, radix);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Python's {@code float(v)}, or null when Python raises. */
    static Double toFloatOrNull(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof CharSequence s) {
            String text = s.toString().strip().replace("_", "").toLowerCase();
            switch (text.replace("+", "")) {
                case "inf", "infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case "nan", "-nan" -> {
                    return Double.NaN;
                }
                default -> {
                }
            }
            if (!text.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
                return null;
            }
            return Double.parseDouble(text);
        }
        return null;
    }

    /** Plain Java values (String, Long, Double, Boolean, null, ArrayList, LinkedHashMap) for the serializers. */
    static Object plain(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof CharSequence s) {
            return s.toString();
        }
        if (isInt(v) && !(v instanceof BigInteger)) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Number) {
            return v;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(plain(k), plain(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v.toString();
    }
}
