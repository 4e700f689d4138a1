package dev.muster.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory once every source is read: immutable, with each host's variables merged once, in
 * Ansible's order (later wins):
 * <ol>
 * <li>{@code all} group's inline vars ({@code [all:vars]}, YAML {@code all.vars});</li>
 * <li>every other group the host is in, inline vars, shallowest first (depth from {@code all}),
 *     then by {@code ansible_group_priority}, then by name; so a child beats its parent;</li>
 * <li>{@code group_vars/all} beside each source, in source order;</li>
 * <li>{@code group_vars/GROUP} beside each source, in the same group order as step 2;</li>
 * <li>the host's inline vars (an INI {@code host:port} is {@code ansible_port} here);</li>
 * <li>{@code host_vars/HOST} beside each source.</li>
 * </ol>
 */
public final class LoadedInventory implements Inventory {

    private static final Comparator<InventoryGraph.Group> ANSIBLE_GROUP_ORDER =
            Comparator.<InventoryGraph.Group>comparingInt(g -> g.depth)
                    .thenComparingInt(g -> g.priority)
                    .thenComparing(g -> g.name);

    private final List<String> hosts;
    private final List<String> groupNames;
    private final Map<String, List<String>> groupHosts = new LinkedHashMap<>();
    private final Map<String, List<String>> directHosts = new LinkedHashMap<>();
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> groupVars = new LinkedHashMap<>();
    private final Map<String, List<String>> hostGroups = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> hostVars = new LinkedHashMap<>();

    LoadedInventory(InventoryGraph graph, List<Path> varsDirs) {
        VarsFiles files = new VarsFiles();
        InventoryGraph.Group all = graph.groups.get("all");
        hosts = all.allHosts().stream().map(h -> h.name).toList();
        groupNames = List.copyOf(graph.groups.keySet());
        for (InventoryGraph.Group g : graph.groups.values()) {
            groupHosts.put(g.name, g.allHosts().stream().map(h -> h.name).toList());
            directHosts.put(g.name, g.hosts.stream().map(h -> h.name).toList());
            children.put(g.name, g.children.stream().map(c -> c.name).toList());
            Map<String, Object> vars = new LinkedHashMap<>(g.vars);
            for (Path dir : varsDirs) {
                vars.putAll(files.varsFor(dir, "group_vars", g.name));
            }
            if (g.priority != 1) {
                vars.put("ansible_group_priority", g.priority);
            }
            groupVars.put(g.name, Collections.unmodifiableMap(vars));
        }
        for (InventoryGraph.Host host : graph.hosts.values()) {
            List<InventoryGraph.Group> memberOf = new ArrayList<>(graph.groupsOf(host));
            memberOf.remove(all);
            memberOf.sort(ANSIBLE_GROUP_ORDER);
            hostGroups.put(host.name, memberOf.stream().map(g -> g.name).sorted().toList());

            Map<String, Object> vars = new LinkedHashMap<>(all.vars);
            memberOf.forEach(g -> vars.putAll(g.vars));
            for (Path dir : varsDirs) {
                vars.putAll(files.varsFor(dir, "group_vars", "all"));
            }
            for (Path dir : varsDirs) {
                memberOf.forEach(g -> vars.putAll(files.varsFor(dir, "group_vars", g.name)));
            }
            vars.putAll(host.vars);
            for (Path dir : varsDirs) {
                vars.putAll(files.varsFor(dir, "host_vars", host.name));
            }
            hostVars.put(host.name, Collections.unmodifiableMap(vars));
        }
    }

    @Override
    public List<String> hosts() {
        return hosts;
    }

    @Override
    public Optional<Host> host(String name) {
        Map<String, Object> vars = hostVars.get(name);
        return vars == null ? Optional.empty() : Optional.of(new Host(name, vars));
    }

    @Override
    public List<String> groupNames() {
        return groupNames;
    }

    @Override
    public List<String> hostsOf(String group) {
        return groupHosts.getOrDefault(group, List.of());
    }

    @Override
    public List<String> groupsOf(String host) {
        return hostGroups.getOrDefault(host, List.of());
    }

    @Override
    public Map<String, List<String>> groupsMap() {
        return Collections.unmodifiableMap(groupHosts);
    }

    @Override
    public Map<String, Object> hostVars(String host) {
        return hostVars.getOrDefault(host, Map.of());
    }

    /** The hosts listed directly in a group (not through its children), in inventory order. */
    public List<String> directHostsOf(String group) {
        return directHosts.getOrDefault(group, List.of());
    }

    /** A group's child groups in the order they were added. */
    public List<String> childrenOf(String group) {
        return children.getOrDefault(group, List.of());
    }

    /** A group's own variables: inline, its group_vars files, a non-default priority (what {@code --graph --vars} shows). */
    public Map<String, Object> groupVars(String group) {
        return groupVars.getOrDefault(group, Map.of());
    }
}
