package dev.muster.inventory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mutable inventory while sources are read: groups, hosts, parent/child links, inline variables,
 * group depth and priority, with the same rules as Ansible's InventoryData (a group never contains
 * itself, depth is the longest path from {@code all}, hosts without a group land in {@code ungrouped}).
 */
final class InventoryGraph {

    /** Characters that Ansible host patterns give a meaning to: a group named with them could never be targeted. */
    private static final Pattern BAD_GROUP_CHARS = Pattern.compile("[\\s:,!&*?\\[\\]~{}()\"'=/\\\\|;#]");

    static final class Group {
        final String name;
        /** Members in the order they were added; a linked set so that big inventories stay linear. */
        final Set<Host> hosts = new LinkedHashSet<>();
        final Map<String, Object> vars = new LinkedHashMap<>();
        final List<Group> children = new ArrayList<>();
        final List<Group> parents = new ArrayList<>();
        int depth;
        int priority = 1;

        Group(String name) {
            this.name = name;
        }

        Set<Group> ancestors() {
            Set<Group> seen = new LinkedHashSet<>();
            Deque<Group> todo = new ArrayDeque<>(parents);
            while (!todo.isEmpty()) {
                Group g = todo.pop();
                if (seen.add(g)) {
                    todo.addAll(g.parents);
                }
            }
            return seen;
        }

        /** This group and its descendants level by level, each once, in declaration order. */
        List<Group> selfAndDescendants() {
            List<Group> ordered = new ArrayList<>();
            ordered.add(this);
            Set<Group> seen = new LinkedHashSet<>(ordered);
            for (int i = 0; i < ordered.size(); i++) {
                for (Group child : ordered.get(i).children) {
                    if (seen.add(child)) {
                        ordered.add(child);
                    }
                }
            }
            return ordered;
        }

        List<Host> allHosts() {
            Set<Host> hostsSeen = new LinkedHashSet<>();
            for (Group g : selfAndDescendants()) {
                hostsSeen.addAll(g.hosts);
            }
            return new ArrayList<>(hostsSeen);
        }
    }

    static final class Host {
        final String name;
        final Map<String, Object> vars = new LinkedHashMap<>();
        /** The groups that list this host directly. */
        final Set<Group> groups = new LinkedHashSet<>();
        final Path source;

        Host(String name, Path source) {
            this.name = name;
            this.source = source;
        }
    }

    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, Host> hosts = new LinkedHashMap<>();

    InventoryGraph() {
        addGroup("all");
        addGroup("ungrouped");
        addChild("all", "ungrouped");
    }

    String addGroup(String name) {
        checkGroupName(name);
        groups.computeIfAbsent(name, Group::new);
        return name;
    }

    static void checkGroupName(String name) {
        if (name == null || name.isEmpty()) {
            throw new BadInventory("a group name must not be empty");
        }
        var bad = BAD_GROUP_CHARS.matcher(name);
        if (bad.find()) {
            throw new BadInventory("invalid group name '" + name + "': '" + bad.group()
                    + "' cannot be used in a group name (host patterns give it a meaning)");
        }
    }

    /** Adds a host (first definition wins for its port), and puts it in {@code group} when given. */
    void addHost(String name, String group, Integer port, Path source) {
        if (name == null || name.isEmpty()) {
            throw new BadInventory("a host name must not be empty");
        }
        Group target = null;
        if (group != null) {
            target = groups.get(group);
            if (target == null) {
                throw new BadInventory("could not find group " + group + " in inventory");
            }
        }
        Host host = hosts.get(name);
        if (host == null) {
            host = new Host(name, source);
            if (port != null && port != 0) {
                host.vars.put("ansible_port", port);
            }
            hosts.put(name, host);
        }
        if (target != null) {
            target.hosts.add(host);
            host.groups.add(target);
        }
    }

    void setGroupVariable(String group, String key, Object value) {
        Group g = groups.get(group);
        if ("ansible_group_priority".equals(key)) {
            g.priority = toPriority(value);
        } else {
            g.vars.put(key, value);
        }
    }

    private static int toPriority(Object value) {
        try {
            if (value instanceof Number n) {
                return n.intValue();
            }
            return Integer.parseInt(String.valueOf(value).strip());
        } catch (NumberFormatException e) {
            throw new BadInventory("ansible_group_priority must be an integer, got: " + value);
        }
    }

    void setHostVariable(String host, String key, Object value) {
        hosts.get(host).vars.put(key, value);
    }

    /** Makes {@code child} (a group, else a host) a member of {@code parent}. */
    void addChild(String parent, String child) {
        Group p = groups.get(parent);
        if (p == null) {
            throw new BadInventory(parent + " is not a known group");
        }
        Group g = groups.get(child);
        if (g == null) {
            Host h = hosts.get(child);
            if (h == null) {
                throw new BadInventory(child + " is not a known host nor group");
            }
            p.hosts.add(h);
            h.groups.add(p);
            return;
        }
        if (g == p) {
            throw new BadInventory("group '" + parent + "' cannot be a child of itself");
        }
        if (p.children.contains(g)) {
            return;
        }
        if (p.ancestors().contains(g)) {
            throw new BadInventory("adding group '" + child + "' as child to '" + parent
                    + "' creates a recursive dependency loop");
        }
        p.children.add(g);
        if (!g.parents.contains(p)) {
            g.parents.add(p);
        }
        deepen(g, p.depth + 1);
    }

    private static void deepen(Group group, int depth) {
        if (group.depth >= depth) {
            return;
        }
        group.depth = depth;
        for (Group child : group.children) {
            deepen(child, depth + 1);
        }
    }

    /** Ansible's reconcile: orphan groups under {@code all}, hosts with no group in {@code ungrouped} only. */
    void reconcile() {
        Group all = groups.get("all");
        Group ungrouped = groups.get("ungrouped");
        for (Group g : groups.values()) {
            if (g != all && g.parents.isEmpty()) {
                addChild("all", g.name);
            }
        }
        for (Host host : hosts.values()) {
            List<Group> memberOf = groupsOf(host);
            if (memberOf.contains(ungrouped)) {
                if (memberOf.stream().anyMatch(g -> g != all && g != ungrouped)) {
                    ungrouped.hosts.remove(host);
                    host.groups.remove(ungrouped);
                }
            } else if (memberOf.isEmpty() || memberOf.size() == 1 && memberOf.contains(all)) {
                ungrouped.hosts.add(host);
                host.groups.add(ungrouped);
            }
        }
    }

    /** The groups a host belongs to, directly or as an ancestor of one of its groups. */
    List<Group> groupsOf(Host host) {
        Set<Group> result = new LinkedHashSet<>();
        for (Group g : host.groups) {
            result.addAll(g.ancestors());
            result.add(g);
        }
        return new ArrayList<>(result);
    }
}
