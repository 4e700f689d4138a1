package dev.muster.executor;

import dev.muster.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inventory as a run sees it: the operator's, with what {@code add_host} and {@code group_by} added to it in
 * memory, as ansible-core's strategy does (hosts, their variables, groups, group members, parent groups), for the
 * later tasks and plays of the same run; the inventory itself is never written. Until a task adds something every
 * question goes straight to the operator's inventory.
 */
final class RunInventory implements Inventory {

    private final Inventory base;
    /** Hosts added, and variables given to hosts (added or not), in the order given. */
    private final Map<String, Map<String, Object>> addedVars = new LinkedHashMap<>();
    private final List<String> addedHosts = new ArrayList<>();
    /** Per group, the hosts and the child groups added to it directly. */
    private final Map<String, Set<String>> addedMembers = new LinkedHashMap<>();
    private final Map<String, Set<String>> addedChildren = new LinkedHashMap<>();
    private final List<String> addedGroups = new ArrayList<>();
    /** Counts the changes, so that what was read before one (the {@code groups} variable) is read again. */
    private volatile int version;

    RunInventory(Inventory base) {
        this.base = base;
    }

    int version() {
        return version;
    }

    /**
     * {@code add_host}: the host (new, or one the inventory has), its variables combined over the ones it has, and
     * the groups it joins (created where new).
     *
     * @return whether anything changed (Ansible's {@code changed} for the task)
     */
    synchronized boolean addHost(String name, List<String> groups, Map<String, Object> vars) {
        boolean changed = false;
        if (host(name).isEmpty()) {
            addedHosts.add(name);
            changed = true;
        }
        Map<String, Object> before = hostVars(name);
        Map<String, Object> own = addedVars.computeIfAbsent(name, n -> new LinkedHashMap<>());
        for (Map.Entry<String, Object> entry : vars.entrySet()) {
            if (!before.containsKey(entry.getKey()) || !java.util.Objects.equals(before.get(entry.getKey()), entry.getValue())) {
                changed = true;
            }
            own.put(entry.getKey(), entry.getValue());
        }
        for (String group : groups) {
            changed |= ensureGroup(group);
            changed |= joinGroup(group, name);
        }
        version++;
        return changed;
    }

    /** {@code group_by}: the host joins {@code group} (created where new), which becomes a child of each of {@code parents}. */
    synchronized boolean groupBy(String host, String group, List<String> parents) {
        boolean changed = false;
        ensureGroup(group);
        for (String parent : parents) {
            changed |= ensureGroup(parent);
            if (!parent.equals("all") && !childrenOf(parent).contains(group)) {
                addedChildren.computeIfAbsent(parent, p -> new LinkedHashSet<>()).add(group);
                changed = true;
            }
        }
        changed |= joinGroup(group, host);
        version++;
        return changed;
    }

    private boolean ensureGroup(String group) {
        if (groupNames().contains(group)) {
            return false;
        }
        addedGroups.add(group);
        return true;
    }

    private boolean joinGroup(String group, String host) {
        if (group.equals("all") || hostsOf(group).contains(host)) {
            return false;
        }
        addedMembers.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(host);
        return true;
    }

    private Set<String> childrenOf(String group) {
        return addedChildren.getOrDefault(group, Set.of());
    }

    private boolean untouched() {
        return version == 0;
    }

    @Override
    public synchronized List<String> hosts() {
        if (untouched()) {
            return base.hosts();
        }
        List<String> all = new ArrayList<>(base.hosts());
        all.addAll(addedHosts);
        return all;
    }

    @Override
    public synchronized Optional<Host> host(String name) {
        Optional<Host> known = base.host(name);
        if (known.isPresent() || addedHosts.contains(name)) {
            return Optional.of(new Host(name, hostVars(name)));
        }
        return Optional.empty();
    }

    @Override
    public synchronized List<String> groupNames() {
        if (untouched()) {
            return base.groupNames();
        }
        List<String> names = new ArrayList<>(base.groupNames());
        addedGroups.stream().filter(g -> !names.contains(g)).forEach(names::add);
        return names;
    }

    @Override
    public synchronized List<String> hostsOf(String group) {
        if (untouched()) {
            return base.hostsOf(group);
        }
        if (group.equals("all")) {
            return hosts();
        }
        if (group.equals("ungrouped")) {
            // as ansible-core's reconcile_inventory: a host in any group but all is not ungrouped
            List<String> ungrouped = new ArrayList<>();
            List<String> before = base.hostsOf("ungrouped");
            for (String host : hosts()) {
                if ((before.contains(host) || addedHosts.contains(host)) && namedGroupsOf(host).isEmpty()) {
                    ungrouped.add(host);
                }
            }
            return ungrouped;
        }
        Set<String> members = new LinkedHashSet<>();
        collect(group, members, new LinkedHashSet<>());
        return new ArrayList<>(members);
    }

    private void collect(String group, Set<String> members, Set<String> seen) {
        if (!seen.add(group)) {
            return;
        }
        members.addAll(base.hostsOf(group));
        members.addAll(addedMembers.getOrDefault(group, Set.of()));
        for (String child : childrenOf(group)) {
            collect(child, members, seen);
        }
    }

    @Override
    public synchronized List<String> groupsOf(String host) {
        if (untouched()) {
            return base.groupsOf(host);
        }
        Set<String> groups = namedGroupsOf(host);
        if (groups.isEmpty() && hostsOf("ungrouped").contains(host)) {
            groups.add("ungrouped");
        }
        return new ArrayList<>(groups);
    }

    /** The groups of a host but all and ungrouped, sorted. */
    private Set<String> namedGroupsOf(String host) {
        Set<String> groups = new TreeSet<>();
        for (String group : groupNames()) {
            if (!group.equals("all") && !group.equals("ungrouped") && hostsOf(group).contains(host)) {
                groups.add(group);
            }
        }
        return groups;
    }

    @Override
    public synchronized Map<String, List<String>> groupsMap() {
        if (untouched()) {
            return base.groupsMap();
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String group : groupNames()) {
            map.put(group, hostsOf(group));
        }
        return map;
    }

    @Override
    public synchronized Map<String, Object> hostVars(String host) {
        Map<String, Object> own = addedVars.get(host);
        if (own == null) {
            return addedHosts.contains(host) ? Map.of() : base.hostVars(host);
        }
        Map<String, Object> vars = new LinkedHashMap<>(addedHosts.contains(host) ? Map.of() : base.hostVars(host));
        vars.putAll(own);
        return vars;
    }
}
