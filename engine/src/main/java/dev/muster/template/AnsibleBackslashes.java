package dev.muster.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's templar doubles every backslash inside the string literals of a value's {@code {{ }}} expressions before
 * Jinja reads them ({@code escape_backslashes}, on for task arguments and variables, off for template files): Jinja
 * then undoes the doubling, so a backslash written in a task reaches the filter as written. {@code regex_replace('(\\w+)
 * x', '\\1')} in a single-quoted YAML value keeps its two backslashes (they match a backslash), and {@code 'a\nb'} is
 * a backslash and an n, not a newline. Without this, the same task gave another value, reported as success.
 *
 * <p>Only {@code {{ }}} blocks are touched, as Ansible's lexer-driven pass does: text, {@code {% %}} statements,
 * comments and raw blocks are copied as they are.
 */
final class AnsibleBackslashes {

    private static final Pattern END_RAW = Pattern.compile("\\{%[-+]?\\s*endraw\\s*[-+]?%}");
    private static final Pattern RAW = Pattern.compile("\\{%[-+]?\\s*raw\\s*[-+]?%}");

    private AnsibleBackslashes() {
    }

    /** The text as Ansible hands it to Jinja: backslashes doubled inside the string literals of {@code {{ }}}. */
    static String escape(String text) {
        if (text.indexOf('\\') < 0 || !text.contains("{{")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("{{", i)) {
                out.append("{{");
                i = block(text, i + 2, true, out);
            } else if (text.startsWith("{#", i)) {
                int end = text.indexOf("#}", i + 2);
                int stop = end < 0 ? text.length() : end + 2;
                out.append(text, i, stop); // a comment is copied as it is
                i = stop;
            } else if (text.startsWith("{%", i)) {
                Matcher raw = RAW.matcher(text).region(i, text.length());
                if (raw.lookingAt()) {
                    Matcher end = END_RAW.matcher(text);
                    int stop = end.find(raw.end()) ? end.end() : text.length();
                    out.append(text, i, stop);
                    i = stop;
                } else {
                    out.append("{%");
                    i = block(text, i + 2, false, out);
                }
            } else {
                out.append(text.charAt(i++));
            }
        }
        return out.toString();
    }

    /**
     * Copies a block's inside up to and including its closing delimiter ("}}" or "%}" outside strings and brackets,
     * as Jinja's lexer balances them), doubling backslashes in string literals when {@code doubling}; returns the index
     * after the block (the text's end when the block is not closed: Jinja reports that).
     */
    private static int block(String text, int from, boolean doubling, StringBuilder out) {
        int depth = 0;
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                // a string literal: Ansible doubles every backslash of its token text
                int closed = TopLevel.quoteEnd(text, i);
                int end = closed < 0 ? text.length() : closed;
                String literal = text.substring(i, end);
                out.append(doubling ? literal.replace("\\", "\\\\") : literal);
                i = end;
                continue;
            }
            if (depth == 0 && (doubling ? text.startsWith("}}", i) : text.startsWith("%}", i))) {
                out.append(text, i, i + 2);
                return i + 2;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            }
            out.append(c);
            i++;
        }
        return i;
    }
}
