package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's textwrap.wrap as Jinja2's wordwrap calls it (expand_tabs and replace_whitespace off, drop_whitespace on):
 * the text cut into chunks (words, whitespace runs, hyphenated parts) and the chunks packed into lines of at most
 * {@code width} characters, a longer word broken unless break_long_words is off.
 */
final class TextWrap {
    private static final String WS = "[\\t\\n\\x0b\\x0c\\r ]";
    private static final String NWS = "[^\\t\\n\\x0b\\x0c\\r ]";
    private static final String WORD_PUNCT = "[\\w!\"'&.,?]";
    private static final String LETTER = "[^\\d\\W]";
    /** CPython 3.11's TextWrapper.wordsep_re. */
    private static final Pattern WORDSEP = Pattern.compile(
            "(" + WS + "+"
                    + "|(?<=" + WORD_PUNCT + ")-{2,}(?=\\w)"
                    + "|" + NWS + "+?(?:-(?:(?<=" + LETTER + "{2}-)|(?<=" + LETTER + "-" + LETTER + "-))(?=" + LETTER + "-?" + LETTER + ")"
                    + "|(?=" + WS + "|\\z)"
                    + "|(?<=" + WORD_PUNCT + ")(?=-{2,}\\w)))",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WORDSEP_SIMPLE = Pattern.compile("(" + WS + "+)");

    private TextWrap() {
    }

    static List<String> wrap(String text, int width, boolean breakLongWords, boolean breakOnHyphens, String filter) {
        if (width <= 0) {
            throw new FilterError(filter, "invalid width " + width + " (must be > 0)");
        }
        List<String> chunks = split(text, breakOnHyphens ? WORDSEP : WORDSEP_SIMPLE);
        Collections.reverse(chunks);
        List<String> lines = new ArrayList<>();
        while (!chunks.isEmpty()) {
            List<String> line = new ArrayList<>();
            int length = 0;
            if (isBlank(last(chunks)) && !lines.isEmpty()) {
                chunks.remove(chunks.size() - 1);
            }
            while (!chunks.isEmpty()) {
                int l = last(chunks).length();
                if (length + l <= width) {
                    line.add(chunks.remove(chunks.size() - 1));
                    length += l;
                } else {
                    break;
                }
            }
            if (!chunks.isEmpty() && last(chunks).length() > width) {
                longWord(chunks, line, length, width, breakLongWords, breakOnHyphens);
            }
            if (!line.isEmpty() && isBlank(line.get(line.size() - 1))) {
                line.remove(line.size() - 1);
            }
            if (!line.isEmpty()) {
                lines.add(String.join("", line));
            }
        }
        return lines;
    }

    private static void longWord(List<String> chunks, List<String> line, int length, int width, boolean breakLongWords, boolean breakOnHyphens) {
        int spaceLeft = width < 1 ? 1 : width - length;
        if (breakLongWords) {
            int end = spaceLeft;
            String chunk = last(chunks);
            if (breakOnHyphens && chunk.length() > spaceLeft) {
                int hyphen = chunk.lastIndexOf('-', spaceLeft - 1);
                if (hyphen > 0 && chunk.substring(0, hyphen).chars().anyMatch(c -> c != '-')) {
                    end = hyphen + 1;
                }
            }
            line.add(chunk.substring(0, end));
            chunks.set(chunks.size() - 1, chunk.substring(end));
        } else if (line.isEmpty()) {
            line.add(chunks.remove(chunks.size() - 1));
        }
    }

    /** Python's {@code chunk.strip() == ''}. */
    private static boolean isBlank(String s) {
        return s.codePoints().allMatch(Py::isSpace);
    }

    private static String last(List<String> chunks) {
        return chunks.get(chunks.size() - 1);
    }

    /** Python's re.split with one capturing group: the separators kept, empty pieces dropped. */
    private static List<String> split(String text, Pattern separator) {
        List<String> out = new ArrayList<>();
        Matcher m = separator.matcher(text);
        int at = 0;
        while (m.find()) {
            add(out, text.substring(at, m.start()));
            add(out, m.group(1));
            at = m.end();
        }
        add(out, text.substring(at));
        return out;
    }

    private static void add(List<String> out, String piece) {
        if (piece != null && !piece.isEmpty()) {
            out.add(piece);
        }
    }
}
