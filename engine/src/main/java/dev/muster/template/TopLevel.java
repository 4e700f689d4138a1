package dev.muster.template;

import java.util.function.IntPredicate;

/** Scanning Jinja text outside its quotes and brackets (the rewrites that run before Jinjava parses). */
final class TopLevel {

    private TopLevel() {
    }

    /**
     * The first index of {@code text} outside quotes and outside (), [] and {} at which {@code at} holds, or -1.
     * Quotes are Python's single or double, with backslash escapes.
     */
    static int find(String text, IntPredicate at) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = quoteEnd(text, i);
                if (end < 0) {
                    return -1;
                }
                i = end - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && at.test(i)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The index just after the string literal that opens at {@code start} (a Python single or double quote, backslash
     * escapes read as Jinja's lexer reads them), or -1 when it is not closed. The one quote scanner of the
     * rewrites that read Jinja text before Jinjava does.
     */
    static int quoteEnd(String text, int start) {
        char quote = text.charAt(start);
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return -1;
    }
}
