package dev.muster.engine;

import dev.muster.inventory.HostPattern;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/** A loaded and checked playbook with its inventory: what a run will do, before anything connects. */
public record Plan(RunRequest request, Inventory inventory, Playbook playbook) {

    /** The hosts {@code play} targets: its pattern narrowed by the request's limit. */
    public List<String> hosts(Play play) {
        List<String> names = new ArrayList<>(HostPattern.resolve(play.hosts(), inventory));
        if (request.limit() != null) {
            names.retainAll(HostPattern.resolve(request.limit(), inventory));
        }
        return names;
    }
}
