package dev.muster.template.ansible;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2 3.1's built-in filters whose Jinjava namesakes mean something else (Java's formatting, Java's random, other
 * shapes), and Ansible's {@code random}/{@code shuffle}: each with Jinja2's (or Ansible's) meaning, as ansible-core
 * 2.14 renders it.
 */
final class BuiltinFilters {
    private static final String[] DECIMAL_UNITS = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final String[] BINARY_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    private static final Pattern COMMENTS = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern TAGS = Pattern.compile("<.*?>", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?");
    private static final Map<String, String> ENTITIES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0");
    private static final String URL_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~";
    private static final int PPRINT_WIDTH = 80;

    private BuiltinFilters() {
    }

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("random", "start step seed", BuiltinFilters::random),
                AnsibleFilter.of("shuffle", "seed", BuiltinFilters::shuffle),
                new AnsibleFilter("format", "* **", (v, a, interpreter) -> {
                    if (!a.rest().isEmpty() && !a.extra().isEmpty()) {
                        throw new FilterError(a.name(), "can't handle positional and keyword arguments at the same time");
                    }
                    return PyFormat.percent(Py.str(v), a.extra().isEmpty() ? new PyTuple(a.rest()) : a.extra(), a.name());
                }),
                AnsibleFilter.of("groupby", "attribute default case_sensitive", BuiltinFilters::groupby),
                AnsibleFilter.of("slice", "slices fill_with", BuiltinFilters::slice),
                AnsibleFilter.of("wordwrap", "width break_long_words wrapstring break_on_hyphens", (v, a) -> {
                    int width = a.integer("width", 79L).intValue();
                    String wrap = a.string("wrapstring", "\n");
                    List<String> out = new ArrayList<>();
                    for (String line : TextFilters.splitlines(Py.str(v))) {
                        out.add(String.join(wrap, TextWrap.wrap(line, width, a.bool("break_long_words", true), a.bool("break_on_hyphens", true), a.name())));
                    }
                    return String.join(wrap, out);
                }),
                AnsibleFilter.of("striptags", "", (v, a) -> striptags(Py.str(v), a.name())),
                AnsibleFilter.of("urlencode", "", BuiltinFilters::urlencode),
                AnsibleFilter.of("xmlattr", "autospace", (v, a) -> {
                    List<String> parts = new ArrayList<>();
                    Py.map(v, a.name(), "xmlattr expects a mapping").forEach((k, x) -> {
                        if (x != null) {
                            parts.add(escape(Py.str(k)) + "=\"" + escape(Py.str(x)) + "\"");
                        }
                    });
                    String rv = String.join(" ", parts);
                    return a.bool("autospace", true) && !rv.isEmpty() ? " " + rv : rv;
                }),
                AnsibleFilter.of("filesizeformat", "binary", BuiltinFilters::filesizeformat),
                AnsibleFilter.of("escape", "", (v, a) -> Markup.escape(v, false)),
                AnsibleFilter.of("e", "", (v, a) -> Markup.escape(v, false)),
                AnsibleFilter.of("forceescape", "", (v, a) -> Markup.escape(v, true)),
                AnsibleFilter.of("safe", "", (v, a) -> Markup.is(v) ? v : Markup.mark(Py.str(v))),
                AnsibleFilter.of("log", "base", (v, a) -> {
                    double x = real(v, a);
                    Object base = a.get("base", null);
                    if (base == null) {
                        return Math.log(x);
                    }
                    double b = real(base, a);
                    return b == 10 ? Math.log10(x) : Math.log(x) / Math.log(b);
                }),
                AnsibleFilter.of("pow", "y", (v, a) -> Math.pow(real(v, a), real(a.required("y"), a))),
                AnsibleFilter.of("root", "base", (v, a) -> {
                    double b = real(a.get("base", 2L), a);
                    return b == 2 ? Math.sqrt(real(v, a)) : Math.pow(real(v, a), 1.0 / b);
                }),
                AnsibleFilter.of("pprint", "", (v, a) -> {
                    String text = Py.repr(sortedKeys(v));
                    if (text.length() > PPRINT_WIDTH) {
                        // Python's pprint breaks such a value over several lines: a layout Muster does not reproduce
                        throw new FilterError(a.name(), "values longer than " + PPRINT_WIDTH + " characters are not supported: use to_nice_json or to_nice_yaml");
                    }
                    return text;
                }));
    }

    /** Python's float(x) for the math filters: a number (or bool); anything else is Ansible's error. */
    private static double real(Object v, Args a) {
        if (!Py.isNumeric(v)) {
            throw new FilterError(a.name(), "can only be used on numbers: must be real number, not " + Py.typeName(v));
        }
        return ((Number) Py.plain(v instanceof Boolean b ? (b ? 1L : 0L) : v)).doubleValue();
    }

    /** Ansible's random: an integer below {@code end} (start, step), or an element of a sequence; Python's generator for a seed. */
    private static Object random(Object end, Args a) {
        PyRandom random = PyRandom.of(a.get("seed", null), a.name());
        if (Py.isInt(end) || end instanceof Boolean) {
            Object start = a.get("start", null);
            Object step = a.get("step", null);
            long from = Py.truthy(start) ? a.integer("start", 0L) : 0L;
            long by = Py.truthy(step) ? a.integer("step", 1L) : 1L;
            return random.randrange(from, Py.toIntOrNull(end, 10), by, a.name());
        }
        if (end instanceof CharSequence || end instanceof List<?> || end instanceof java.util.Collection<?> || end instanceof Map<?, ?>) {
            if (Py.truthy(a.get("start", null)) || Py.truthy(a.get("step", null))) {
                throw new FilterError(a.name(), "start and step can only be used with integer values");
            }
            if (end instanceof Map<?, ?> m) {
                // Python's choice indexes the dict by a position: a KeyError unless that number is a key
                long i = m.isEmpty() ? 0 : random.below(m.size());
                Object key = Py.findKey(m, i);
                if (key == Py.NO_KEY) {
                    throw new FilterError(a.name(), "KeyError: " + i);
                }
                return m.get(key);
            }
            List<Object> items = Py.list(end, a.name());
            if (items.isEmpty()) {
                throw new FilterError(a.name(), "Cannot choose from an empty sequence");
            }
            return items.get((int) random.below(items.size()));
        }
        throw new FilterError(a.name(), "random can only be used on sequences and integers");
    }

    /** Ansible's shuffle: a new list; a value that cannot be listed or a seed Python refuses comes back as it was. */
    private static Object shuffle(Object v, Args a) {
        List<Object> items;
        try {
            items = new ArrayList<>(Py.list(v, a.name()));
        } catch (FilterError notIterable) {
            return v;
        }
        Object seed = a.get("seed", null);
        try {
            PyRandom.of(Py.truthy(seed) ? seed : null, a.name()).shuffle(items);
        } catch (FilterError badSeed) {
            return items;
        }
        return items;
    }

    /** Jinja2's groupby: sorted by the attribute (lower-cased unless case_sensitive), each group a (grouper, list) tuple. */
    private static Object groupby(Object v, Args a) {
        String attribute = a.string("attribute", null);
        if (attribute == null) {
            throw new FilterError(a.name(), "missing required argument 'attribute'");
        }
        boolean caseSensitive = a.bool("case_sensitive", false);
        boolean hasDefault = a.has("default") && a.get("default", null) != null;
        Object fallback = a.get("default", null);
        List<Object> items = new ArrayList<>(Py.list(v, a.name()));
        java.util.function.Function<Object, Object> real = x -> hasDefault ? ListFilters.attribute(x, attribute, fallback)
                : ListFilters.attribute(x, attribute, a.name());
        java.util.function.Function<Object, Object> key = x -> {
            Object k = real.apply(x);
            return !caseSensitive && k instanceof CharSequence s ? s.toString().toLowerCase() : k;
        };
        items.sort((x, y) -> Py.compare(key.apply(x), key.apply(y), a.name()));
        List<Object> groups = new ArrayList<>();
        Object current = Py.NO_KEY;
        List<Object> members = null;
        for (Object x : items) {
            Object k = key.apply(x);
            if (current == Py.NO_KEY || !Py.eq(current, k)) {
                members = new ArrayList<>();
                groups.add(new GroupTuple(real.apply(x), members));
                current = k;
            }
            members.add(x);
        }
        return groups;
    }

    /** Jinja2's slice: {@code slices} columns, the first ones one longer, padded with fill_with. */
    private static Object slice(Object v, Args a) {
        List<Object> seq = Py.list(v, a.name());
        long slices = a.integer("slices", null);
        if (slices <= 0) {
            throw new FilterError(a.name(), slices == 0 ? "integer division or modulo by zero" : "slices must be positive");
        }
        Object fill = a.get("fill_with", null);
        int length = seq.size();
        int per = (int) (length / slices);
        int extra = (int) (length % slices);
        int offset = 0;
        List<Object> out = new ArrayList<>();
        for (int n = 0; n < slices; n++) {
            int start = offset + n * per;
            if (n < extra) {
                offset++;
            }
            int end = offset + (n + 1) * per;
            List<Object> part = new ArrayList<>(seq.subList(Math.min(start, length), Math.min(end, length)));
            if (fill != null && n >= extra) {
                part.add(fill);
            }
            out.add(part);
        }
        return out;
    }

    private static Object urlencode(Object v, Args a) {
        if (v instanceof CharSequence || !(v instanceof Map<?, ?> || v instanceof java.util.Collection<?>)) {
            return quote(Py.str(v), "/");
        }
        List<String> pairs = new ArrayList<>();
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> pairs.add(quote(Py.str(k), "").replace("%20", "+") + "=" + quote(Py.str(x), "").replace("%20", "+")));
        } else {
            for (Object item : Py.list(v, a.name())) {
                List<Object> pair = Py.list(item, a.name());
                if (pair.size() != 2) {
                    throw new FilterError(a.name(), "expected pairs, got " + Py.repr(item));
                }
                pairs.add(quote(Py.str(pair.get(0)), "").replace("%20", "+") + "=" + quote(Py.str(pair.get(1)), "").replace("%20", "+"));
            }
        }
        return String.join("&", pairs);
    }

    /** Python's urllib.parse.quote of the UTF-8 bytes, with {@code safe} kept. */
    static String quote(String s, String safe) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (URL_SAFE.indexOf(c) >= 0 || safe.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** markupsafe's escape. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&#34;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** markupsafe 2.1's striptags: comments and tags removed, whitespace collapsed, entities unescaped. */
    private static String striptags(String s, String filter) {
        String text = TAGS.matcher(COMMENTS.matcher(s).replaceAll("")).replaceAll("");
        text = String.join(" ", Py.words(text));
        Matcher m = ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (name.startsWith("#x") || name.startsWith("#X")) {
                replacement = Character.toString(Integer.parseInt(name.substring(2), 16));
            } else if (name.startsWith("#")) {
                replacement = Character.toString(Integer.parseInt(name.substring(1)));
            } else if (ENTITIES.containsKey(name) && m.group().endsWith(";")) {
                replacement = ENTITIES.get(name);
            } else {
                throw new FilterError(filter, "the HTML entity " + m.group() + " is not supported");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object filesizeformat(Object v, Args a) {
        Double bytes = Py.toFloatOrNull(v);
        if (bytes == null) {
            throw new FilterError(a.name(), "could not convert " + Py.typeName(v) + " to float: " + Py.repr(v));
        }
        boolean binary = a.bool("binary", false);
        double base = binary ? 1024 : 1000;
        String[] units = binary ? BINARY_UNITS : DECIMAL_UNITS;
        if (bytes == 1) {
            return "1 Byte";
        }
        if (bytes < base) {
            return (long) bytes.doubleValue() + " Bytes";
        }
        double unit = base;
        String prefix = units[0];
        for (int i = 0; i < units.length; i++) {
            unit = Math.pow(base, i + 2);
            prefix = units[i];
            if (bytes < unit) {
                break;
            }
        }
        return PyFormat.floating(base * bytes / unit, 'f', "", 1) + " " + prefix;
    }

    /** pprint sorts a dict's keys (that it can order). */
    private static Object sortedKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> sorted = new TreeMap<>((x, y) -> Py.compare(x, y, "pprint"));
            m.forEach((k, x) -> sorted.put(k, sortedKeys(x)));
            return new LinkedHashMap<>(sorted);
        }
        if (v instanceof PyTuple t) {
            List<Object> out = new ArrayList<>();
            t.forEach(x -> out.add(sortedKeys(x)));
            return new PyTuple(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sortedKeys(x)));
            return out;
        }
        return v;
    }

    /**
     * Jinja2's _GroupTuple: a (grouper, list) tuple whose parts are also {@code .grouper} and {@code .list} (a PyWrapper,
     * so that Jinjava does not rewrap it as a plain list and lose the two names).
     */
    public static final class GroupTuple extends PyTuple {
        GroupTuple(Object grouper, List<Object> list) {
            super(java.util.Arrays.asList(grouper, list));
        }

        public Object getGrouper() {
            return get(0);
        }

        public Object getList() {
            return get(1);
        }
    }
}
