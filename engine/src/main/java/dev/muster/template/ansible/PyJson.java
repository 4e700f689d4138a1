package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Python's json.dumps: its separators, indent, sort_keys, ensure_ascii and float repr, byte for byte. */
public final class PyJson {
    private PyJson() {
    }

    /** Python's {@code json.dumps(v)} with its defaults (copy's content given as a dict or a list is written so). */
    public static String dumps(Object v) {
        return dumps(v, null, false, null, true, "to_json");
    }

    static String dumps(Object v, Object indent, boolean sortKeys, Object separators, boolean ensureAscii, String filter) {
        String pad = indent == null ? null : indent instanceof CharSequence s ? s.toString()
                : " ".repeat(Math.max(0, Py.toIntOrNull(indent, 10).intValue()));
        String itemSep = pad == null ? ", " : ",";
        String keySep = ": ";
        if (separators != null) {
            List<Object> seps = Py.list(separators, filter);
            if (seps.size() != 2) {
                throw new FilterError(filter, "separators must be an (item_separator, key_separator) pair");
            }
            itemSep = Py.str(seps.get(0));
            keySep = Py.str(seps.get(1));
        }
        StringBuilder out = new StringBuilder();
        write(out, v, pad, 0, sortKeys, itemSep, keySep, ensureAscii, filter);
        return out.toString();
    }

    private static void write(StringBuilder out, Object v, String pad, int level, boolean sortKeys, String itemSep, String keySep,
            boolean ascii, String filter) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (v instanceof CharSequence s) {
            string(out, s.toString(), ascii);
        } else if (Py.isFloat(v)) {
            double d = ((Number) v).doubleValue();
            out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : Py.floatRepr(d));
        } else if (v instanceof Number n) {
            out.append(n);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            List<Object> keys = new ArrayList<>(m.keySet());
            if (sortKeys) {
                keys.sort((x, y) -> Py.compare(x, y, filter));
            }
            out.append('{');
            boolean first = true;
            for (Object k : keys) {
                if (!first) {
                    out.append(itemSep);
                }
                first = false;
                newline(out, pad, level + 1);
                string(out, key(k, filter), ascii);
                out.append(keySep);
                write(out, m.get(k), pad, level + 1, sortKeys, itemSep, keySep, ascii, filter);
            }
            newline(out, pad, level);
            out.append('}');
        } else if (v instanceof Collection<?> c) {
            if (c.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object x : c) {
                if (!first) {
                    out.append(itemSep);
                }
                first = false;
                newline(out, pad, level + 1);
                write(out, x, pad, level + 1, sortKeys, itemSep, keySep, ascii, filter);
            }
            newline(out, pad, level);
            out.append(']');
        } else {
            throw new FilterError(filter, "Object of type " + v.getClass().getSimpleName() + " is not JSON serializable");
        }
    }

    private static String key(Object k, String filter) {
        if (k instanceof CharSequence s) {
            return s.toString();
        }
        if (k == null) {
            return "null";
        }
        if (k instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (k instanceof Number) {
            return Py.repr(k);
        }
        throw new FilterError(filter, "keys must be str, int, float, bool or None, not " + Py.typeName(k));
    }

    private static void newline(StringBuilder out, String pad, int level) {
        if (pad != null) {
            out.append('\n').append(pad.repeat(level));
        }
    }

    private static void string(StringBuilder out, String s, boolean ascii) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ascii && c > 0x7f)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
