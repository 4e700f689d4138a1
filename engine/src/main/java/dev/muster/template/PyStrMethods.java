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
            case "splitlines" -> new ArrayList<Object>(s.lines().toList());
            default -> throw new TemplateException("the string method '" + method + "()' is not supported: use a filter"
                    + " (startswith, endswith, split, strip, lstrip, rstrip, lower, upper, replace, find, count, isdigit, join,"
                    + " splitlines are)");
        };
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
