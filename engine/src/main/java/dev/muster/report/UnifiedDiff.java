package dev.muster.report;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.Arrays;
import java.util.List;

/** The --diff text for a file: a unified diff with three lines of context (java-diff-utils). */
public final class UnifiedDiff {

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
        List<String> text = UnifiedDiffUtils.generateUnifiedDiff("before: " + name, "after: " + name, original, patch, 3);
        return String.join("\n", text) + "\n";
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
    }
}
