package dev.muster.inventory;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ansible's host patterns: terms separated by {@code :} or {@code ,}; a term is {@code all}, a
 * group, a host, a glob ({@code web*}) or a regex ({@code ~web\d+}); {@code !term} removes hosts and
 * {@code &term} keeps only hosts also in it. Unions are taken first, then intersections, then
 * exclusions, whatever their order, so {@code !} and {@code &} read the same wherever they stand.
 * The result keeps inventory order.
 */
public final class HostPattern {

    private HostPattern() {
    }

    public static List<String> resolve(String pattern, Inventory inventory) {
        Set<String> union = new LinkedHashSet<>();
        List<Set<String>> intersections = new ArrayList<>();
        Set<String> excluded = new LinkedHashSet<>();
        boolean anyUnion = false;
        for (String raw : pattern.split("[:,]")) {
            String term = raw.trim();
            if (term.isEmpty()) {
                continue;
            }
            if (term.startsWith("!")) {
                excluded.addAll(match(term.substring(1), inventory));
            } else if (term.startsWith("&")) {
                intersections.add(new LinkedHashSet<>(match(term.substring(1), inventory)));
            } else {
                anyUnion = true;
                union.addAll(match(term, inventory));
            }
        }
        if (!anyUnion) {
            union.addAll(inventory.hosts()); // "!db" alone means every host but db, as in Ansible
        }
        List<String> result = new ArrayList<>();
        for (String host : inventory.hosts()) {
            if (union.contains(host) && !excluded.contains(host) && intersections.stream().allMatch(set -> set.contains(host))) {
                result.add(host);
            }
        }
        return result;
    }

    /** Whether the term names something in the inventory (unknown names are warned about, as Ansible does). */
    public static List<String> unknownTerms(String pattern, Inventory inventory) {
        List<String> unknown = new ArrayList<>();
        for (String raw : pattern.split("[:,]")) {
            String term = raw.trim().replaceFirst("^[!&]", "");
            if (!term.isEmpty() && match(term, inventory).isEmpty()) {
                unknown.add(term);
            }
        }
        return unknown;
    }

    private static Set<String> match(String term, Inventory inventory) {
        Set<String> hosts = new LinkedHashSet<>();
        if (term.equals("all") || term.equals("*")) {
            hosts.addAll(inventory.hosts());
            return hosts;
        }
        Pattern regex = null;
        if (term.startsWith("~")) {
            try {
                regex = Pattern.compile(term.substring(1));
            } catch (PatternSyntaxException e) {
                throw new MusterException(null, "bad host pattern regex '" + term + "': " + e.getDescription(), Failure.BAD_REQUEST, null);
            }
        } else if (term.contains("*") || term.contains("?") || term.contains("[")) {
            regex = Pattern.compile(glob(term));
        }
        if (regex == null) {
            if (inventory.groupNames().contains(term)) {
                hosts.addAll(inventory.hostsOf(term));
            } else if (inventory.host(term).isPresent()) {
                hosts.add(term);
            }
            return hosts;
        }
        for (String group : inventory.groupNames()) {
            if (regex.matcher(group).matches()) {
                hosts.addAll(inventory.hostsOf(group));
            }
        }
        for (String host : inventory.hosts()) {
            if (regex.matcher(host).matches()) {
                hosts.add(host);
            }
        }
        return hosts;
    }

    private static String glob(String term) {
        StringBuilder regex = new StringBuilder();
        for (char c : term.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                case '[', ']' -> regex.append(c);
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }
}
