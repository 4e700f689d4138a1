package dev.muster.template.ansible;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python {@code re} pattern compiled as java.util.regex with Python's meaning: named groups
 * {@code (?P<name>...)} (Java allows no underscore in a group name, so they are renamed), {@code (?P=name)},
 * {@code \Z}, a literal {@code {} that is no quantifier, a literal {@code [} or {@code &&} inside a class, only
 * {@code \n} ending a line, Unicode {@code \w \d \s}; and {@code re.sub}'s replacement templates.
 */
record PyRegex(Pattern pattern, Map<String, String> groupNames) {

    private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d*(,\\d*)?}");

    static PyRegex compile(String filter, String python, boolean ignorecase, boolean multiline) {
        Map<String, String> names = new HashMap<>();
        String java = translate(python, names);
        int flags = Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS;
        if (ignorecase) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (multiline) {
            flags |= Pattern.MULTILINE;
        }
        try {
            return new PyRegex(Pattern.compile(java, flags), names);
        } catch (PatternSyntaxException e) {
            throw new FilterError(filter, "invalid regular expression '" + python + "': " + e.getDescription());
        }
    }

    private static String translate(String p, Map<String, String> names) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                char n = p.charAt(i + 1);
                out.append(!inClass && n == 'Z' ? "\\z" : "\\" + n);
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' || c == '&') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < p.length() && p.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < p.length() && p.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (p.startsWith("(?P<", i)) {
                int end = p.indexOf('>', i);
                String name = p.substring(i + 4, end);
                String javaName = "g" + names.size() + "x" + name.replaceAll("[^A-Za-z0-9]", "");
                names.put(name, javaName);
                out.append("(?<").append(javaName).append('>');
                i = end + 1;
                continue;
            }
            if (p.startsWith("(?P=", i)) {
                int end = p.indexOf(')', i);
                String name = p.substring(i + 4, end);
                out.append("\\k<").append(names.getOrDefault(name, name)).append('>');
                i = end + 1;
                continue;
            }
            if (c == '{') {
                Matcher q = QUANTIFIER.matcher(p).region(i, p.length());
                if (!q.lookingAt() || out.length() == 0) {
                    out.append("\\{");
                    i++;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** The group a Python reference names: a number, or a name as written in the pattern. */
    String group(Matcher m, String ref) {
        String g = ref.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(ref)) : m.group(groupNames.getOrDefault(ref, ref));
        return g;
    }

    /** Python's re.sub(pattern, template, text): \1, \g<1>, \g<name>, \n and \\ in the template; an unmatched group is ''. */
    String sub(String filter, String template, String text) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(text, at, m.start()).append(expand(filter, template, m));
            at = m.end();
        }
        return out.append(text.substring(at)).toString();
    }

    private String expand(String filter, String t, Matcher m) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c != '\\' || i + 1 == t.length()) {
                out.append(c);
                continue;
            }
            char n = t.charAt(++i);
            String ref = null;
            if (n == 'g') {
                int end = t.indexOf('>', i);
                if (i + 1 >= t.length() || t.charAt(i + 1) != '<' || end < 0) {
                    throw new FilterError(filter, "missing < in group reference at position " + (i - 1));
                }
                ref = t.substring(i + 2, end);
                i = end;
            } else if (Character.isDigit(n)) {
                int end = i + 1;
                if (end < t.length() && Character.isDigit(t.charAt(end)) && n != '0') {
                    end++;
                }
                ref = t.substring(i, end);
                i = end - 1;
            } else {
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case '\\' -> out.append('\\');
                    default -> {
                        if (Character.isLetter(n) && n < 128) {
                            throw new FilterError(filter, "bad escape \\" + n + " at position " + (i - 1));
                        }
                        out.append('\\').append(n);
                    }
                }
                continue;
            }
            String g;
            try {
                g = group(m, ref);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new FilterError(filter, "invalid group reference " + ref);
            }
            out.append(g == null ? "" : g);
        }
        return out.toString();
    }
}
