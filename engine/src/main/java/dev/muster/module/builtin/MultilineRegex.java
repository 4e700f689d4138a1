package dev.muster.module.builtin;

import java.util.Map;

/**
 * A Python regex with the {@code (?m)} flag, as blockinfile's insertafter/insertbefore take it: Ansible then
 * searches the whole file, across lines, instead of line by line. awk's ERE has no multi-line mode, so the
 * pattern is rewritten for a search in the whole text (lines joined by newlines, a newline at the end):
 * a leading {@code ^} becomes "try at every line start", {@code ^} after and {@code $} before a {@code \n}
 * are implied by it, a trailing {@code $} becomes the line's newline (left out of the match end again),
 * and {@code .} stops at a newline as in Python.
 */
final class MultilineRegex {

    private static final String FLAG = "(?m)";

    private MultilineRegex() {
    }

    static boolean isMultiline(String regex) {
        return regex != null && regex.startsWith(FLAG);
    }

    /** The MU_* variables for the awk program: {@code prefix} (the ERE), {@code prefix}A (line-start anchored), {@code prefix}E (ends at a line end). */
    static void export(Map<String, String> env, String prefix, String regex) {
        String p = regex.substring(FLAG.length());
        boolean anchored = p.startsWith("^");
        if (anchored) {
            p = p.substring(1);
        }
        boolean lineEnd = p.endsWith("$") && !p.endsWith("\\$");
        if (lineEnd) {
            p = p.substring(0, p.length() - 1);
        }
        StringBuilder out = new StringBuilder();
        boolean inSet = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < p.length()) {
                out.append(c).append(p.charAt(++i));
                if (!inSet && p.charAt(i) == 'n' && i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    i++; // ^ right after a newline says nothing more
                }
            } else if (inSet) {
                out.append(c);
                inSet = c != ']';
            } else if (c == '[') {
                out.append(c);
                inSet = true;
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    out.append(p.charAt(++i));
                }
            } else if (c == '.') {
                out.append("[^\\n]");
            } else if (c == '$' && p.startsWith("\\n", i + 1)) {
                continue; // $ right before a newline says nothing more
            } else {
                out.append(c);
            }
        }
        env.put(prefix, lineEnd ? out + "\\n" : out.toString());
        env.put(prefix + "A", anchored ? "1" : "0");
        env.put(prefix + "E", lineEnd ? "1" : "0");
    }
}
