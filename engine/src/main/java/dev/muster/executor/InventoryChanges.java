package dev.muster.executor;

import dev.muster.report.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code add_host} and {@code group_by} results do to the run's inventory, as ansible-core's strategy applies
 * them: the host or group is added, and the task is {@code changed} exactly when the inventory changed (for a task
 * without a loop; a loop's items and summary keep the statuses they were reported with, as in Ansible).
 */
final class InventoryChanges {

    private final RunInventory inventory;
    private final RunHosts hosts;

    InventoryChanges(RunInventory inventory, RunHosts hosts) {
        this.inventory = inventory;
        this.hosts = hosts;
    }

    /** Whether tasks of {@code module} run once per task rather than per host (ansible's BYPASS_HOST_LOOP). */
    static boolean runsOnce(String module) {
        return module.equals("add_host") || module.equals("ansible.builtin.add_host");
    }

    /**
     * Applies the inventory change {@code outcome} asks for, if any, on behalf of {@code host}.
     *
     * @param setsStatus whether the outcome's changed status follows the inventory (false inside a loop)
     */
    HostOutcome apply(HostState host, HostOutcome outcome, boolean setsStatus) {
        if (outcome.status() == Status.FAILED || outcome.status() == Status.IGNORED || outcome.status() == Status.SKIPPED) {
            return outcome;
        }
        Map<String, Object> result = outcome.registered();
        boolean changed;
        if (result.get("add_host") instanceof Map<?, ?> add) {
            String name = String.valueOf(add.get("host_name"));
            @SuppressWarnings("unchecked")
            List<String> groups = (List<String>) add.get("groups");
            @SuppressWarnings("unchecked")
            Map<String, Object> vars = (Map<String, Object>) add.get("host_vars");
            changed = inventory.addHost(name, groups, vars);
            hosts.refreshInventoryVars(name);
        } else if (result.get("add_group") instanceof String group) {
            @SuppressWarnings("unchecked")
            List<String> parents = (List<String>) result.get("parent_groups");
            changed = inventory.groupBy(host.name, group, parents);
        } else {
            return outcome;
        }
        if (!setsStatus) {
            return outcome;
        }
        Map<String, Object> registered = new LinkedHashMap<>(result);
        registered.put("changed", changed);
        return new HostOutcome(changed ? Status.CHANGED : Status.OK, outcome.message(), registered, outcome.facts());
    }
}
