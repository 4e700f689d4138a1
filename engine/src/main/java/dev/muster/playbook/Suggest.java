package dev.muster.playbook;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "did you mean X?" for keywords: the closest names by edit distance, close enough to be a typo. */
public final class Suggest {

    private Suggest() {
    }

    public static List<String> closest(String wrong, Collection<String> known) {
        String target = wrong.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, target.length() / 3);
        int best = known.stream().mapToInt(name -> distance(target, name.toLowerCase(Locale.ROOT))).min().orElse(Integer.MAX_VALUE);
        if (best > limit) {
            return List.of();
        }
        // only the closest names: a list of every plausible keyword helps nobody
        return known.stream()
                .filter(name -> distance(target, name.toLowerCase(Locale.ROOT)) == best)
                .sorted(Comparator.naturalOrder())
                .limit(3)
                .toList();
    }

    /** ", did you mean 'x'?" or the empty string. */
    public static String hint(List<String> suggestions) {
        return suggestions.isEmpty() ? "" : ", did you mean '" + String.join("' or '", suggestions) + "'?";
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
