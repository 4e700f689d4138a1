package dev.muster.executor;

import dev.muster.inventory.HostPattern;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.Play;
import dev.muster.report.HostStats;
import dev.muster.report.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every host the run knows of (made on first use, delegate targets included) and which of them a play touched. */
final class RunHosts {

    private final Inventory inventory;
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    /** The hosts of the recap, in the order plays first targeted them (only the play thread adds to it). */
    private final List<String> touched = new ArrayList<>();

    RunHosts(Inventory inventory) {
        this.inventory = inventory;
    }

    /** The hosts a play targets: its pattern, narrowed by --limit. */
    static List<String> targetedBy(Play play, Inventory inventory, String limit) {
        List<String> names = new ArrayList<>(HostPattern.resolve(play.hosts(), inventory));
        if (limit != null) {
            names.retainAll(HostPattern.resolve(limit, inventory));
        }
        return names;
    }

    HostState get(String name) {
        return hosts.computeIfAbsent(name, n -> new HostState(n, inventory.hostVars(n)));
    }

    /** After add_host gave a host variables: the host's state reads them from then on. */
    void refreshInventoryVars(String name) {
        HostState state = hosts.get(name);
        if (state != null) {
            state.inventoryVars = inventory.hostVars(name);
        }
    }

    /** Puts the hosts a play runs on into the recap. */
    void touch(List<String> names) {
        for (String name : names) {
            if (!touched.contains(name)) {
                touched.add(name);
            }
        }
    }

    /** The recap's counts, host by host (counts only: nothing here needs masking). */
    Map<String, HostStats> stats() {
        Map<String, HostStats> recap = new LinkedHashMap<>();
        for (String name : touched) {
            HostState h = hosts.get(name);
            recap.put(name, new HostStats(h.ok, h.changed, h.unreachables, h.failures, h.skipped, h.rescued, h.ignored));
        }
        return Collections.unmodifiableMap(recap);
    }

    Outcome outcome(boolean interrupted) {
        if (interrupted) {
            return Outcome.CANCELLED;
        }
        boolean failed = touched.stream().map(hosts::get).anyMatch(h -> h.failures > 0);
        boolean unreachable = touched.stream().map(hosts::get).anyMatch(h -> h.unreachables > 0);
        return failed ? Outcome.HOST_FAILED : unreachable ? Outcome.HOST_UNREACHABLE : Outcome.OK;
    }
}
