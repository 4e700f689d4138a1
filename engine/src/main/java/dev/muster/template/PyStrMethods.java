package dev.muster.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python's {@code str} methods that roles call in expressions ({@code name.startswith('web')}, {@code line.split(':')}),
 * with Python's meaning: Jinjava would call the Java method of the same name, and Java's {@code split} reads its
 * argument as a regular expression ({@code '1.2'.split('.')} is an empty array in Java, {@code ['1', '2']} in Python).
 * Any other method on a string is refused naming it, never handed to Java.
 */
final class PyStrMethods {
    private PyStrMethods() {
    }

    static Object call(String s, String method, Object[] args) {
        return switch (method) {
            case "startswith" -> anyOf(args, 0, p -> s.startsWith(p));
            case "endswith" -> anyOf(args, 0, p -> s.endsWith(p));
            case "split" -> split(s, arg(args, 0), args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "strip" -> strip(s, arg(args, 0), true, true);
            case "lstrip" -> strip(s, arg(args, 0), true, false);
            case "rstrip" -> strip(s, arg(args, 0), false, true);
            case "lower" -> s.toLowerCase();
            case "upper" -> s.toUpperCase();
            case "replace" -> args.length > 2 ? replace(s, str(args[0]), str(args[1]), ((Number) args[2]).intValue())
                    : s.replace(str(args[0]), str(args[1]));
            case "find" -> (long) s.indexOf(str(args[0]));
            case "count" -> (long) count(s, str(args[0]));
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "join" -> join(s, args[0]);
            case "rsplit" -> rsplit(s, arg(args, 0), args.length > 1 ? ((Number) args[1]).intValue() : -1);
            case "format" -> format(s, args);
            case "splitlines" -> new ArrayList<Object>(s.lines().toList());
            case "ljust" -> pad(s, args, false);
            case "rjust" -> pad(s, args, true);
            default -> throw new TemplateException("the string method '" + method + "()' is not supported: use a filter"
                    + " (startswith, endswith, split, strip, lstrip, rstrip, lower, upper, replace, find, count, isdigit, join,"
                    + " splitlines, rsplit, format, ljust, rjust are)");
        };
    }

    /** Python's ljust/rjust(width[, fillchar]): padded with the fill character (a space) up to width code points. */
    private static String pad(String s, Object[] args, boolean left) {
        int width = ((Number) args[0]).intValue();
        String fill = args.length > 1 ? str(args[1]) : " ";
        if (fill.codePointCount(0, fill.length()) != 1) {
            throw new TemplateException("The fill character must be exactly one character long");
        }
        int missing = width - s.codePointCount(0, s.length());
        if (missing <= 0) {
            return s;
        }
        String padding = fill.repeat(missing);
        return left ? padding + s : s + padding;
    }

    private static String str(Object o) {
        return o == null ? "None" : o.toString();
    }

    private static String arg(Object[] args, int i) {
        return args.length > i && args[i] != null ? args[i].toString() : null;
    }

    private static boolean anyOf(Object[] args, int i, java.util.function.Predicate<String> test) {
        Object a = args.length > i ? args[i] : null;
        if (a instanceof List<?> options) {
            return options.stream().anyMatch(o -> test.test(str(o)));
        }
        return test.test(str(a));
    }

    private static List<Object> split(String s, String sep, int max) {
        List<Object> parts = new ArrayList<>();
        if (sep == null) {
            String rest = s.stripLeading();
            while (!rest.isEmpty()) {
                if (max >= 0 && parts.size() == max) {
                    parts.add(rest);
                    return parts;
                }
                int end = 0;
                while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
                    end++;
                }
                parts.add(rest.substring(0, end));
                rest = rest.substring(end).stripLeading();
            }
            return parts;
        }
        if (sep.isEmpty()) {
            throw new TemplateException("empty separator");
        }
        int from = 0;
        int at;
        while ((max < 0 || parts.size() < max) && (at = s.indexOf(sep, from)) >= 0) {
            parts.add(s.substring(from, at));
            from = at + sep.length();
        }
        parts.add(s.substring(from));
        return parts;
    }

    /** Python's rsplit: as split, counting maxsplit from the right. */
    private static List<Object> rsplit(String s, String sep, int max) {
        if (max < 0 || sep == null) {
            List<Object> all = split(s, sep, -1);
            if (max < 0 || all.size() <= max + 1) {
                return all;
            }
            // whitespace rsplit with a limit: keep the head as written, up to the last max words
            List<Object> out = new ArrayList<>();
            String rest = s.stripTrailing();
            for (int i = 0; i < max; i++) {
                int start = rest.length();
                while (start > 0 && !Character.isWhitespace(rest.charAt(start - 1))) {
                    start--;
                }
                out.add(0, rest.substring(start));
                rest = rest.substring(0, start).stripTrailing();
            }
            out.add(0, rest);
            return out;
        }
        List<Object> out = new ArrayList<>();
        int end = s.length();
        int at;
        while (out.size() < max && (at = s.lastIndexOf(sep, end - sep.length())) >= 0 && end - sep.length() >= 0) {
            out.add(0, s.substring(at + sep.length(), end));
            end = at;
        }
        out.add(0, s.substring(0, end));
        return out;
    }

    /**
     * Python's str.format with plain fields: {@code {}}, {@code {0}}, {@code {name}} and {@code {{ }}} escapes; a format
     * spec or conversion ({@code {:>5}}, {@code {!r}}) is refused rather than ignored.
     */
    private static String format(String s, Object[] args) {
        List<Object> positional = new ArrayList<>();
        java.util.Map<String, Object> named = new java.util.HashMap<>();
        for (Object a : args) {
            if (a instanceof com.hubspot.jinjava.el.ext.NamedParameter p) {
                named.put(p.getName(), p.getValue());
            } else {
                positional.add(a);
            }
        }
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int end = s.indexOf('}', i);
                if (end < 0) {
                    throw new TemplateException("format(): single '{' encountered in format string");
                }
                String field = s.substring(i + 1, end);
                if (field.contains(":") || field.contains("!")) {
                    throw new TemplateException("format(): format specs and conversions ({" + field + "}) are not supported: use the format filter");
                }
                Object value;
                if (field.isEmpty()) {
                    value = at(positional, next++);
                } else if (field.matches("[0-9]+")) {
                    value = at(positional, Integer.parseInt(field));
                } else if (named.containsKey(field)) {
                    value = named.get(field);
                } else {
                    throw new TemplateException("format(): no argument named '" + field + "'");
                }
                out.append(Jinja.pythonText(value));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Object at(List<Object> positional, int index) {
        if (index >= positional.size()) {
            throw new TemplateException("format(): Replacement index " + index + " out of range for positional args tuple");
        }
        return positional.get(index);
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && (chars == null ? Character.isWhitespace(s.charAt(start)) : chars.indexOf(s.charAt(start)) >= 0)) {
            start++;
        }
        while (right && end > start && (chars == null ? Character.isWhitespace(s.charAt(end - 1)) : chars.indexOf(s.charAt(end - 1)) >= 0)) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String replace(String s, String old, String with, int count) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        int done = 0;
        while ((count < 0 || done < count) && (at = s.indexOf(old, from)) >= 0) {
            out.append(s, from, at).append(with);
            from = at + old.length();
            done++;
        }
        return out.append(s.substring(from)).toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.length() + 1;
        }
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String s, Object items) {
        List<String> texts = new ArrayList<>();
        if (items instanceof Iterable<?> list) {
            list.forEach(i -> texts.add(str(i)));
        } else {
            throw new TemplateException("join() needs a list");
        }
        return String.join(s, texts);
    }
}
