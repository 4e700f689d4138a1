package dev.muster.module;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelled module and argument names: the closest known name by edit distance. */
public final class Suggest {

    private Suggest() {
    }

    /** The candidate nearest to {@code name}, if it is close enough to be a plausible typo. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        return all(name, candidates).stream().findFirst();
    }

    /**
     * Every candidate at the smallest distance from {@code name} (at most three, sorted), if that distance is a
     * plausible typo: one edit per three letters, at least one ("copi" finds copy, "xyz" finds nothing). The one
     * "did you mean" of the engine: module names, arguments, choices and playbook keywords all use it.
     */
    public static List<String> all(String name, Collection<String> candidates) {
        String target = name.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, name.length() / 3);
        int best = candidates.stream().mapToInt(c -> distance(target, c.toLowerCase(Locale.ROOT))).min().orElse(Integer.MAX_VALUE);
        if (best > allowed) {
            return List.of();
        }
        return candidates.stream().filter(c -> distance(target, c.toLowerCase(Locale.ROOT)) == best).distinct().sorted().limit(3).toList();
    }

    /** ", did you mean 'x'?" (or 'x' or 'y'), or the empty string. */
    public static String hint(List<String> suggestions) {
        return suggestions.isEmpty() ? "" : ", did you mean '" + String.join("' or '", suggestions) + "'?";
    }

    /** Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters counts as one edit. */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
