package dev.muster.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data ansible-inventory prints for {@code --list} (JSON and YAML forms) and {@code --graph}: the
 * same groups, the same omissions (empty hosts/children lists and empty groups are left out, {@code all}
 * never lists hosts, hosts without variables are absent from {@code _meta.hostvars}).
 */
public final class InventoryListing {

    private InventoryListing() {
    }

    /** The {@code --list} JSON structure. */
    public static Map<String, Object> json(LoadedInventory inventory) {
        Map<String, Object> result = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        jsonGroup(inventory, "all", seen, result);
        Map<String, Object> hostvars = new LinkedHashMap<>();
        for (String host : inventory.hosts()) {
            Map<String, Object> vars = inventory.hostVars(host);
            if (!vars.isEmpty()) {
                hostvars.put(host, vars);
            }
        }
        result.put("_meta", Map.of("hostvars", hostvars));
        return result;
    }

    private static void jsonGroup(LoadedInventory inventory, String group, Set<String> seen, Map<String, Object> out) {
        Map<String, Object> body = new LinkedHashMap<>();
        out.put(group, body);
        if (!group.equals("all") && !inventory.directHostsOf(group).isEmpty()) {
            body.put("hosts", inventory.directHostsOf(group));
        }
        List<String> children = inventory.childrenOf(group);
        if (!children.isEmpty()) {
            body.put("children", children);
        }
        for (String child : children) {
            if (seen.add(child)) {
                jsonGroup(inventory, child, seen, out);
            }
        }
        if (body.isEmpty()) {
            out.remove(group);
        }
    }

    /** The {@code --list --yaml} structure: nested groups, each host's variables under its first appearance. */
    public static Map<String, Object> yaml(LoadedInventory inventory) {
        return yamlGroup(inventory, "all", new HashSet<>());
    }

    private static Map<String, Object> yamlGroup(LoadedInventory inventory, String group, Set<String> seenHosts) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> children = new LinkedHashMap<>();
        for (String child : inventory.childrenOf(group)) {
            if (!child.equals("all")) {
                children.putAll(yamlGroup(inventory, child, seenHosts));
            }
        }
        if (!children.isEmpty()) {
            body.put("children", children);
        }
        Map<String, Object> hosts = new LinkedHashMap<>();
        if (!group.equals("all")) {
            for (String host : inventory.directHostsOf(group)) {
                hosts.put(host, seenHosts.add(host) ? inventory.hostVars(host) : Map.of());
            }
        }
        if (!hosts.isEmpty()) {
            body.put("hosts", hosts);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(group, body);
        return result;
    }

    /** The {@code --graph} text, starting at a group, with variables when asked. */
    public static String graph(LoadedInventory inventory, String group, boolean withVars) {
        List<String> lines = new ArrayList<>();
        graphGroup(inventory, group, 0, withVars, lines);
        return String.join("\n", lines);
    }

    private static void graphGroup(LoadedInventory inventory, String group, int depth, boolean withVars, List<String> lines) {
        lines.add(indent("@" + group + ":", depth));
        for (String child : inventory.childrenOf(group)) {
            graphGroup(inventory, child, depth + 1, withVars, lines);
        }
        if (!group.equals("all")) {
            for (String host : inventory.directHostsOf(group)) {
                lines.add(indent(host, depth + 1));
                if (withVars) {
                    graphVars(inventory.hostVars(host), depth + 2, lines);
                }
            }
        }
        if (withVars) {
            graphVars(inventory.groupVars(group), depth + 1, lines);
        }
    }

    private static void graphVars(Map<String, Object> vars, int depth, List<String> lines) {
        vars.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> lines.add(indent("{" + e.getKey() + " = " + PythonText.str(e.getValue()) + "}", depth)));
    }

    private static String indent(String name, int depth) {
        return depth == 0 ? name : "  |".repeat(depth) + "--" + name;
    }
}
