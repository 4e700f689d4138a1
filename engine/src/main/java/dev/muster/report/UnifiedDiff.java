package dev.muster.report;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The --diff text for a file: a unified diff with three lines of context (java-diff-utils), hunk for hunk what
 * {@code diff -u} prints. A file's last newline ends its last line, it does not start an empty one (splitting on
 * "\n" alone made a phantom line: {@code @@ -1,4 +1,4 @@} for a three-line file); a last line without a newline is
 * marked as diff marks it.
 */
public final class UnifiedDiff {

    private static final String NO_NEWLINE = "\\ No newline at end of file";
    /** Tags a last line that has no newline, so that it differs from the same text with one, as in diff. */
    private static final char UNTERMINATED = '\u0000';
    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@");

    private UnifiedDiff() {
    }

    public static String of(String path, String before, String after) {
        List<String> original = lines(before);
        List<String> revised = lines(after);
        Patch<String> patch = DiffUtils.diff(original, revised);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        String name = path == null ? "file" : path;
        StringBuilder text = new StringBuilder();
        for (String line : UnifiedDiffUtils.generateUnifiedDiff("before: " + name, "after: " + name, original, patch, 3)) {
            Matcher hunk = HUNK.matcher(line);
            if (hunk.matches()) {
                text.append("@@ -").append(range(hunk.group(1), hunk.group(2))).append(" +").append(range(hunk.group(3), hunk.group(4)))
                        .append(" @@\n");
            } else if (line.endsWith(String.valueOf(UNTERMINATED))) {
                text.append(line, 0, line.length() - 1).append('\n').append(NO_NEWLINE).append('\n');
            } else {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }

    /**
     * A hunk's range as diff writes it: {@code start,count}, just {@code start} for one line, and for no lines at all the
     * line before the gap ({@code -0,0} at the top of a file), where java-diff-utils writes the line after it.
     */
    private static String range(String start, String count) {
        int from = Integer.parseInt(start);
        int lines = count == null ? 1 : Integer.parseInt(count);
        if (lines == 0) {
            return (from - 1) + ",0";
        }
        return lines == 1 ? String.valueOf(from) : from + "," + lines;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                lines.add(text.substring(start) + UNTERMINATED);
                break;
            }
            lines.add(text.substring(start, end));
            start = end + 1;
        }
        return lines;
    }
}
