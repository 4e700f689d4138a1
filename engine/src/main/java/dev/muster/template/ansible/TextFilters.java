package dev.muster.template.ansible;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversions and string filters: Jinja2's ({@code int}, {@code title}, {@code indent} ...) and Ansible's ({@code bool}, {@code quote} ...). */
final class TextFilters {
    private TextFilters() {
    }

    private static final Pattern WORD_BEGINNING = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("bool", "", (v, a) -> toBool(v)),
                AnsibleFilter.of("int", "default base", TextFilters::toInt),
                AnsibleFilter.of("float", "default", (v, a) -> {
                    Double d = Py.toFloatOrNull(v);
                    return d != null ? d : a.get("default", 0.0);
                }),
                AnsibleFilter.of("string", "", (v, a) -> Py.str(v)),
                AnsibleFilter.of("length", "", (v, a) -> length(v, a.name())),
                AnsibleFilter.of("count", "", (v, a) -> length(v, a.name())),
                AnsibleFilter.of("lower", "", (v, a) -> Py.str(v).toLowerCase()),
                AnsibleFilter.of("upper", "", (v, a) -> Py.str(v).toUpperCase()),
                AnsibleFilter.of("capitalize", "", (v, a) -> capitalize(Py.str(v))),
                AnsibleFilter.of("title", "", (v, a) -> title(Py.str(v))),
                AnsibleFilter.of("replace", "old new count", TextFilters::replace),
                AnsibleFilter.of("trim", "chars", (v, a) -> strip(Py.str(v), a.string("chars", null))),
                AnsibleFilter.of("center", "width", (v, a) -> center(Py.str(v), a.integer("width", 80L).intValue())),
                AnsibleFilter.of("wordcount", "", (v, a) -> (long) WORD.matcher(Py.str(v)).results().count()),
                AnsibleFilter.of("truncate", "length killwords end leeway", TextFilters::truncate),
                AnsibleFilter.of("indent", "width first blank", TextFilters::indent),
                AnsibleFilter.of("split", "sep maxsplit", TextFilters::split),
                AnsibleFilter.of("quote", "", (v, a) -> quote(v == null ? "" : Py.str(v))),
                AnsibleFilter.of("comment", "style **", TextFilters::comment),
                AnsibleFilter.of("b64encode", "encoding", (v, a) -> Base64.getEncoder().encodeToString(Py.str(v).getBytes(charset(a)))),
                AnsibleFilter.of("b64decode", "encoding", TextFilters::b64decode),
                AnsibleFilter.of("ternary", "true_val false_val none_val", (v, a) -> {
                    Object yes = a.required("true_val");
                    Object no = a.required("false_val");
                    Object none = a.get("none_val", null);
                    return v == null && none != null ? none : Py.truthy(v) ? yes : no;
                }),
                AnsibleFilter.of("type_debug", "", (v, a) -> Py.typeName(v)));
    }

    /** Ansible's to_bool: only yes/on/1/true (any case) and 1 are true; None stays None. */
    static Object toBool(Object v) {
        if (v == null || v instanceof Boolean) {
            return v;
        }
        if (v instanceof CharSequence s) {
            return List.of("yes", "on", "1", "true").contains(s.toString().toLowerCase());
        }
        return Py.isNumeric(v) && Py.eq(v, 1L);
    }

    /** Jinja2's int: int(value, base) for strings, int(float(value)) as the second try, else the default. */
    private static Object toInt(Object v, Args a) {
        int base = a.integer("base", 10L).intValue();
        Long n = v instanceof CharSequence ? Py.toIntOrNull(v, base) : Py.toIntOrNull(v, 10);
        if (n == null) {
            Double d = Py.toFloatOrNull(v);
            n = d != null && Double.isFinite(d) ? (long) d.doubleValue() : null;
        }
        return n != null ? n : a.get("default", 0L);
    }

    static long length(Object v, String filter) {
        if (v instanceof CharSequence s) {
            return s.toString().codePointCount(0, s.length());
        }
        if (v instanceof java.util.Collection<?> c) {
            return c.size();
        }
        if (v instanceof Map<?, ?> m) {
            return m.size();
        }
        throw new FilterError(filter, "object of type '" + Py.typeName(v) + "' has no len()");
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, s.offsetByCodePoints(0, 1)).toUpperCase() + s.substring(s.offsetByCodePoints(0, 1)).toLowerCase();
    }

    /** Jinja2's title: every word after a dash, space or opening bracket capitalized. */
    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        Matcher m = WORD_BEGINNING.matcher(s);
        int at = 0;
        while (m.find()) {
            out.append(capitalize(s.substring(at, m.start()))).append(m.group());
            at = m.end();
        }
        return out.append(capitalize(s.substring(at))).toString();
    }

    private static Object replace(Object v, Args a) {
        String s = Py.str(v);
        String old = Py.str(a.required("old"));
        String replacement = Py.str(a.required("new"));
        Long count = a.integer("count", null);
        if (count == null || count < 0) {
            return old.isEmpty() ? insertEverywhere(s, replacement, Long.MAX_VALUE) : s.replace(old, replacement);
        }
        if (old.isEmpty()) {
            return insertEverywhere(s, replacement, count);
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (long done = 0; done < count; done++) {
            int i = s.indexOf(old, at);
            if (i < 0) {
                break;
            }
            out.append(s, at, i).append(replacement);
            at = i + old.length();
        }
        return out.append(s.substring(at)).toString();
    }

    /** Python's "ab".replace("", "-") == "-a-b-". */
    private static String insertEverywhere(String s, String insert, long count) {
        StringBuilder out = new StringBuilder();
        long done = 0;
        int i = 0;
        while (i <= s.length()) {
            if (done++ < count) {
                out.append(insert);
            }
            if (i == s.length()) {
                break;
            }
            int c = s.codePointAt(i);
            out.appendCodePoint(c);
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** Python's str.strip(chars): whitespace when chars is None. */
    static String strip(String s, String chars) {
        if (chars == null) {
            return Py.lstrip(Py.rstrip(s));
        }
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Python's str.center: the odd space goes left when the width is odd and the text's length even... exactly as CPython pads. */
    private static String center(String s, int width) {
        int len = s.codePointCount(0, s.length());
        int marg = width - len;
        if (marg <= 0) {
            return s;
        }
        int left = marg / 2 + (marg & width & 1);
        return " ".repeat(left) + s + " ".repeat(marg - left);
    }

    private static Object truncate(Object v, Args a) {
        String s = Py.str(v);
        int length = a.integer("length", 255L).intValue();
        boolean killwords = a.bool("killwords", false);
        String end = a.string("end", "...");
        int leeway = a.integer("leeway", 5L).intValue();
        if (length < end.length()) {
            throw new FilterError(a.name(), "expected length >= " + end.length() + ", got " + length);
        }
        if (leeway < 0) {
            throw new FilterError(a.name(), "expected leeway >= 0, got " + leeway);
        }
        int[] cps = s.codePoints().toArray();
        if (cps.length <= length + leeway) {
            return s;
        }
        String head = new String(cps, 0, length - end.length());
        if (killwords) {
            return head + end;
        }
        int space = head.lastIndexOf(' ');
        return (space < 0 ? head : head.substring(0, space)) + end;
    }

    /** Jinja2 3.1's indent: blank lines stay empty unless blank=True; the first line only with first=True. */
    private static Object indent(Object v, Args a) {
        Object width = a.get("width", 4L);
        String indention = width instanceof CharSequence w ? w.toString() : " ".repeat(a.integer("width", 4L).intValue());
        List<String> lines = splitlines(Py.str(v) + "\n");
        String rv;
        if (a.bool("blank", false)) {
            rv = String.join("\n" + indention, lines);
        } else {
            StringBuilder out = new StringBuilder(lines.get(0));
            for (int i = 1; i < lines.size(); i++) {
                out.append('\n').append(lines.get(i).isEmpty() ? "" : indention + lines.get(i));
            }
            rv = out.toString();
        }
        return a.bool("first", false) ? indention + rv : rv;
    }

    /** Python's str.splitlines (\n, \r\n, \r and the other Unicode line boundaries). */
    static List<String> splitlines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if ("\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029".indexOf(c) >= 0) {
                lines.add(s.substring(start, i));
                i += c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < s.length()) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    /** Python's str.split(sep, maxsplit). */
    private static Object split(Object v, Args a) {
        String s = Py.str(v);
        String sep = a.string("sep", null);
        long max = a.integer("maxsplit", -1L);
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (max >= 0 && parts.size() >= max) {
                    parts.add(s.substring(i).stripTrailing());
                    break;
                }
                int j = i;
                while (j < n && !Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                parts.add(s.substring(i, j));
                i = j;
            }
            return parts;
        }
        if (sep.isEmpty()) {
            throw new FilterError(a.name(), "empty separator");
        }
        int at = 0;
        while (max < 0 || parts.size() < max) {
            int i = s.indexOf(sep, at);
            if (i < 0) {
                break;
            }
            parts.add(s.substring(at, i));
            at = i + sep.length();
        }
        parts.add(s.substring(at));
        return parts;
    }

    /** Python's shlex.quote, as Ansible's quote filter (None quotes as ''). */
    static String quote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (SHELL_SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /** Ansible's comment filter, its styles and parameters. */
    private static Object comment(Object v, Args a) {
        String text = Py.str(v);
        String style = a.string("style", "plain");
        Map<String, String> styleParams = switch (style) {
            case "plain" -> Map.of("decoration", "# ");
            case "erlang" -> Map.of("decoration", "% ");
            case "c" -> Map.of("decoration", "// ");
            case "cblock" -> Map.of("beginning", "/*", "decoration", " * ", "end", " */");
            case "xml" -> Map.of("beginning", "<!--", "decoration", " - ", "end", "-->");
            default -> throw new FilterError(a.name(), "unknown style '" + style + "'");
        };
        Map<String, Object> kw = a.extra();
        String prepostfix = kw.containsKey("decoration") ? Py.str(kw.get("decoration")) : styleParams.get("decoration");
        Map<String, Object> p = new java.util.HashMap<>(Map.of("newline", "\n", "beginning", "", "prefix", prepostfix.stripTrailing(),
                "prefix_count", 1L, "decoration", "", "postfix", prepostfix.stripTrailing(), "postfix_count", 1L, "end", ""));
        p.putAll(styleParams);
        for (String key : kw.keySet()) {
            if (!p.containsKey(key)) {
                throw new FilterError(a.name(), "unknown parameter '" + key + "'");
            }
        }
        p.putAll(kw);
        String newline = Py.str(p.get("newline"));
        String beginning = Py.str(p.get("beginning"));
        String prefix = Py.str(p.get("prefix"));
        String decoration = Py.str(p.get("decoration"));
        String postfix = Py.str(p.get("postfix"));
        String end = Py.str(p.get("end"));
        int prefixCount = Py.toIntOrNull(p.get("prefix_count"), 10).intValue();
        int postfixCount = Py.toIntOrNull(p.get("postfix_count"), 10).intValue();
        String strBeginning = beginning.isEmpty() ? "" : beginning + newline;
        String strPrefix = prefix.isEmpty() ? "" : (prefix.equals(newline) ? newline : prefix + newline).repeat(prefixCount);
        String strText = (decoration + text.replace(newline, newline + decoration))
                .replace(decoration + newline, decoration.stripTrailing() + newline);
        StringBuilder strPostfix = new StringBuilder();
        for (int i = 0; i < postfixCount; i++) {
            strPostfix.append(newline).append(postfix);
        }
        String strEnd = end.isEmpty() ? "" : newline + end;
        return strBeginning + strPrefix + strText + strPostfix + strEnd;
    }

    private static Charset charset(Args a) {
        String name = a.string("encoding", "utf-8");
        try {
            // Python's codec names: utf_8, utf-16-le, latin-1 ...
            return Charset.forName(name.replace('_', '-').replaceAll("(?i)^(utf-16|utf-32)-(le|be)$", "$1$2").replaceAll("(?i)^latin-?1$", "ISO-8859-1"));
        } catch (IllegalArgumentException e) {
            throw new FilterError(a.name(), "unknown encoding: " + name);
        }
    }

    private static Object b64decode(Object v, Args a) {
        String s = Py.str(v).replaceAll("[\\s]", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new FilterError(a.name(), "invalid base64 input: " + e.getMessage());
        }
        Charset charset = charset(a);
        java.nio.charset.CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
