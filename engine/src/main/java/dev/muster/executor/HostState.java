package dev.muster.executor;

import dev.muster.playbook.Task;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the run knows about one host: its facts and set variables, whether it is still in play, its counters. */
final class HostState {

    final String name;
    /** The inventory's variables for the host (replaced when add_host gives it more). */
    volatile Map<String, Object> inventoryVars;
    volatile Map<String, Object> facts = Map.of();
    /** set_fact and register results: they stay with the host for the rest of the run (null values allowed). */
    final Map<String, Object> hostVars = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    /** include_vars results: for the rest of the run, above task vars and below set_fact and register. */
    final Map<String, Object> includedVars = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    final Set<Task> notified = new LinkedHashSet<>();
    volatile boolean failed;
    volatile boolean unreachable;
    /** meta: end_host, end_batch or end_play: out of the rest of this batch, neither failed nor unreachable. */
    volatile boolean ended;
    int ok;
    int changed;
    int skipped;
    int failures;
    int unreachables;
    int rescued;
    int ignored;

    HostState(String name, Map<String, Object> inventoryVars) {
        this.name = name;
        this.inventoryVars = inventoryVars;
    }

    /** Where the variables a task sets stay: include_vars's at their own precedence (Ansible's vars cache), the rest as set_fact. */
    Map<String, Object> layerFor(Task task) {
        boolean includeVars = task.module().equals("include_vars") || task.module().equals("ansible.builtin.include_vars");
        return includeVars ? includedVars : hostVars;
    }

    boolean active() {
        return !failed && !unreachable && !ended;
    }

    synchronized void queueHandler(Task handler) {
        notified.add(handler);
    }

    synchronized boolean takeNotification(Task handler) {
        return notified.remove(handler);
    }
}
