package dev.muster.template;

import java.util.function.IntPredicate;

/** Scanning a Jinja expression's text outside its quotes and brackets (the rewrites that run before Jinjava parses). */
final class TopLevel {

    private TopLevel() {
    }

    /**
     * The first index of {@code text} outside quotes and outside (), [] and {} at which {@code at} holds, or -1.
     * Quotes are Python's single or double, with backslash escapes.
     */
    static int find(String text, IntPredicate at) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
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
}
