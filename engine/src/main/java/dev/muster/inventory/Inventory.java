package dev.muster.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's inventory after loading: hosts, groups and the variables each host sees from
 * the inventory (group_vars and host_vars included), merged by Ansible's precedence. Read-only.
 */
public interface Inventory {

    /** Every host, in the order ansible-inventory lists them. */
    List<String> hosts();

    Optional<Host> host(String name);

    /** Every group name, {@code all} and {@code ungrouped} included. */
    List<String> groupNames();

    /** The hosts of a group and of all its descendants, in inventory order; empty for an unknown group. */
    List<String> hostsOf(String group);

    /** The groups a host belongs to, directly or through children, sorted, without {@code all} (Ansible's {@code group_names}). */
    List<String> groupsOf(String host);

    /** Ansible's {@code groups} variable: every group name to its hosts. */
    Map<String, List<String>> groupsMap();

    /** The variables a host sees from the inventory, merged by precedence (all &lt; parent &lt; child &lt; group_vars &lt; host inline &lt; host_vars). */
    Map<String, Object> hostVars(String host);

    /** A host's name and its own merged variables. */
    record Host(String name, Map<String, Object> vars) {
    }
}
