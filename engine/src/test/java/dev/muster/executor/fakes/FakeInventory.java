package dev.muster.executor.fakes;

import dev.muster.inventory.Inventory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A small in-memory inventory: groups of hosts and per-host variables. */
public final class FakeInventory implements Inventory {

    private final Map<String, List<String>> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> vars = new LinkedHashMap<>();

    public FakeInventory group(String group, String... hosts) {
        for (String host : hosts) {
            vars.computeIfAbsent(host, h -> new HashMap<>());
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(host);
        }
        return this;
    }

    public FakeInventory var(String host, String name, Object value) {
        vars.computeIfAbsent(host, h -> new HashMap<>()).put(name, value);
        return this;
    }

    @Override
    public List<String> hosts() {
        return List.copyOf(vars.keySet());
    }

    @Override
    public Optional<Host> host(String name) {
        return vars.containsKey(name) ? Optional.of(new Host(name, vars.get(name))) : Optional.empty();
    }

    @Override
    public List<String> groupNames() {
        List<String> names = new ArrayList<>(List.of("all", "ungrouped"));
        names.addAll(groups.keySet());
        return names;
    }

    @Override
    public List<String> hostsOf(String group) {
        return group.equals("all") ? hosts() : groups.getOrDefault(group, List.of());
    }

    @Override
    public List<String> groupsOf(String host) {
        return groups.entrySet().stream().filter(e -> e.getValue().contains(host)).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public Map<String, List<String>> groupsMap() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("all", hosts());
        map.putAll(groups);
        return map;
    }

    @Override
    public Map<String, Object> hostVars(String host) {
        return Map.copyOf(vars.getOrDefault(host, Map.of()));
    }
}
