package dev.muster.template;

/**
 * Jinja2's whitespace control on expression and comment tags, done before Jinjava parses: {@code {{ x -}}} drops the
 * whitespace (newlines included) after the tag, {@code {{- x }}} the whitespace before it, and so for {@code {#- #}}
 * and {@code -#}}. Jinjava honours the dash on statement tags only, so {@code "  - {{ p -}}\n{% endfor %}"} printed a
 * line per item where Jinja2 prints them on one line. Text inside {@code {% raw %}} and quoted text inside a tag are left
 * as they are; with trim_blocks, the newline after {@code {% raw %}} stays, as in Jinja2 (Jinjava trimmed it). A text
 * without a dashed expression or comment tag or a raw block comes back as the same String.
 */
final class ExpressionWhitespace {

    private ExpressionWhitespace() {
    }

    static String apply(String text, boolean trimBlocks) {
        boolean raw = trimBlocks && text.contains("raw");
        if (!raw && !text.contains("-}}") && !text.contains("{{-") && !text.contains("-#}") && !text.contains("{#-")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        boolean stripNext = false;
        while (i < n) {
            int open = nextOpen(text, i);
            if (open < 0) {
                appendText(out, text.substring(i), stripNext);
                break;
            }
            char kind = text.charAt(open + 1);
            if (kind == '%') {
                int close = closing(text, open + 2, "%}");
                if (close < 0) {
                    appendText(out, text.substring(i), stripNext);
                    break;
                }
                appendText(out, text.substring(i, open), stripNext);
                stripNext = false;
                String tag = text.substring(open, close + 2);
                i = close + 2;
                // Jinja2's trim_blocks leaves the newline after {% raw %} (its lexer trims after endraw only); Jinjava
                // drops it with the raw text's leading newlines, so it is printed before the tag instead
                if (isRaw(tag) && trimBlocks && !tag.endsWith("-%}") && text.startsWith("\n", i)) {
                    out.append("{{ '\\n' }}");
                }
                out.append(tag);
                if (isRaw(tag)) {
                    int end = endRaw(text, i);
                    out.append(text, i, end);
                    i = end;
                }
                continue;
            }
            String end = kind == '{' ? "}}" : "#}";
            int close = kind == '{' ? closing(text, open + 2, end) : text.indexOf(end, open + 2);
            if (close < 0) {
                appendText(out, text.substring(i), stripNext);
                break;
            }
            String before = text.substring(i, open);
            boolean dashOpen = open + 2 < n && text.charAt(open + 2) == '-';
            appendText(out, dashOpen ? stripTrailing(before) : before, stripNext);
            boolean dashClose = close > open + 2 && text.charAt(close - 1) == '-' && !(dashOpen && close - 1 == open + 2);
            out.append(text, open, open + 2);
            out.append(text, dashOpen ? open + 3 : open + 2, dashClose ? close - 1 : close);
            out.append(end);
            stripNext = dashClose;
            i = close + 2;
        }
        return out.toString();
    }

    /** The next {@code {{}, {@code {%} or {@code {#} at or after {@code from}. */
    private static int nextOpen(String text, int from) {
        int at = text.indexOf('{', from);
        while (at >= 0 && at + 1 < text.length()) {
            char c = text.charAt(at + 1);
            if (c == '{' || c == '%' || c == '#') {
                return at;
            }
            at = text.indexOf('{', at + 1);
        }
        return -1;
    }

    /** Where {@code end} closes a tag whose body starts at {@code from}, quotes inside it skipped. */
    private static int closing(String text, int from, String end) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int after = TopLevel.quoteEnd(text, i);
                if (after < 0) {
                    return -1;
                }
                i = after - 1;
            } else if (text.startsWith(end, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isRaw(String tag) {
        String body = tag.substring(2, tag.length() - 2).replace("-", " ").replace("+", " ").strip();
        return body.equals("raw");
    }

    /** The index of the {@code {% endraw %}} that ends a raw block starting at {@code from} (or the text's end). */
    private static int endRaw(String text, int from) {
        int at = from;
        while (true) {
            int open = text.indexOf("{%", at);
            if (open < 0) {
                return text.length();
            }
            int close = text.indexOf("%}", open + 2);
            if (close < 0) {
                return text.length();
            }
            if (text.substring(open + 2, close).replace("-", " ").replace("+", " ").strip().equals("endraw")) {
                return open;
            }
            at = close + 2;
        }
    }

    private static void appendText(StringBuilder out, String text, boolean stripLeading) {
        out.append(stripLeading ? text.stripLeading() : text);
    }

    /** Jinja2's whitespace: spaces, tabs and newlines (Python's str.rstrip()). */
    private static String stripTrailing(String text) {
        return text.stripTrailing();
    }
}
