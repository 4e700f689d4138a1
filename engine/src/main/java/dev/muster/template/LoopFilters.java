package dev.muster.template;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jinja2's loop filter, {@code {% for x in items if cond %}}: only the items for which {@code cond} holds are
 * iterated. Jinjava has no loop filter: it reads {@code items if cond} as a conditional expression, evaluated once
 * outside the loop, where the loop variable is undefined, so it failed ("undefined variable 'x'") or, worse, iterated
 * every item ({@code not x.absent | default(false)} is true there): a different file reported as success.
 *
 * <p>Before Jinjava parses, such a loop is rewritten into the same loop with its body inside {@code {% if cond %}},
 * which is Jinja2's meaning whenever the body does not read {@code loop} (Jinja2's loop.index, length, first and last
 * count only the kept items): a filtered loop whose body reads {@code loop} is refused. The written tags' whitespace
 * dashes move to the tags that now stand where their whitespace is.
 */
final class LoopFilters {

    /** A statement tag: {@code {%}, an optional dash or plus, the statement, an optional dash, {@code %}}. */
    private static final Pattern TAG = Pattern.compile("\\{%([-+]?)(.*?)(-?)%}", Pattern.DOTALL);
    private static final Pattern FOR = Pattern.compile("\\s*for\\s+(.+?)\\s+in\\s+(.*?)\\s*", Pattern.DOTALL);
    private static final Pattern LOOP_VARIABLE = Pattern.compile("(?<![\\w.])loop\\b");

    private LoopFilters() {
    }

    private record Tag(int start, int end, String left, String statement, String right) {
        String name() {
            String s = statement.strip();
            int space = 0;
            while (space < s.length() && Character.isLetter(s.charAt(space))) {
                space++;
            }
            return s.substring(0, space);
        }
    }

    static String apply(String text) {
        if (!text.contains("for") || !text.contains(" if ")) {
            return text;
        }
        List<Tag> tags = tags(text);
        List<String[]> edits = new ArrayList<>();   // start, end, replacement (as text)
        Deque<Tag> open = new ArrayDeque<>();
        for (Tag tag : tags) {
            if (tag.name().equals("for")) {
                open.push(tag);
            } else if (tag.name().equals("endfor") && !open.isEmpty()) {
                Tag loop = open.pop();
                rewrite(text, loop, tag, edits);
            }
        }
        if (edits.isEmpty()) {
            return text;
        }
        edits.sort((a, b) -> Integer.compare(Integer.parseInt(b[0]), Integer.parseInt(a[0])));
        StringBuilder out = new StringBuilder(text);
        for (String[] edit : edits) {
            out.replace(Integer.parseInt(edit[0]), Integer.parseInt(edit[1]), edit[2]);
        }
        return out.toString();
    }

    private static void rewrite(String text, Tag loop, Tag end, List<String[]> edits) {
        Matcher m = FOR.matcher(loop.statement());
        if (!m.matches()) {
            return;
        }
        String rest = m.group(2);
        int condition = topLevelIf(rest);
        if (condition < 0 || rest.strip().endsWith("recursive")) {
            return;
        }
        String items = rest.substring(0, condition).strip();
        String cond = rest.substring(condition + 2).strip();
        if (LOOP_VARIABLE.matcher(text.substring(loop.end(), end.start())).find()) {
            throw new TemplateException("a filtered loop ('{% for " + m.group(1) + " in " + items + " if " + cond
                    + " %}') whose body reads 'loop' is not supported: Jinja2's loop.index, length, first and last count"
                    + " only the kept items; filter the list instead (" + items + " | select(...))");
        }
        edits.add(new String[] {String.valueOf(loop.start()), String.valueOf(loop.end()),
                "{%" + loop.left() + " for " + m.group(1) + " in " + items + " %}{% if " + cond + " " + loop.right() + "%}"});
        edits.add(new String[] {String.valueOf(end.start()), String.valueOf(end.end()),
                "{%" + end.left() + " endif %}{%" + end.statement() + end.right() + "%}"});
    }

    /** Where the first {@code if} keyword outside brackets and quotes starts in {@code rest}, or -1. */
    private static int topLevelIf(String rest) {
        return TopLevel.find(rest, i -> rest.startsWith("if", i) && i > 0 && Character.isWhitespace(rest.charAt(i - 1))
                && i + 2 < rest.length() && (Character.isWhitespace(rest.charAt(i + 2)) || rest.charAt(i + 2) == '('));
    }

    /** The statement tags of {@code text}, outside comments and raw blocks. */
    private static List<Tag> tags(String text) {
        List<Tag> tags = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int tag = text.indexOf("{%", i);
            int comment = text.indexOf("{#", i);
            if (tag < 0) {
                break;
            }
            if (comment >= 0 && comment < tag) {
                int close = text.indexOf("#}", comment + 2);
                i = close < 0 ? text.length() : close + 2;
                continue;
            }
            Matcher m = TAG.matcher(text);
            if (!m.find(tag) || m.start() != tag) {
                break;
            }
            Tag found = new Tag(m.start(), m.end(), m.group(1), m.group(2), m.group(3));
            i = m.end();
            if (found.name().equals("raw")) {
                int endraw = text.indexOf("endraw", i);
                i = endraw < 0 ? text.length() : endraw;
                continue;
            }
            tags.add(found);
        }
        return tags;
    }
}
