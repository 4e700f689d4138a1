package dev.muster.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One heartbeat: refresh this node's row (registering again if an operator removed it), then read the
 * registry into the {@link ClusterView}. A database fault is logged by {@link Database} (once when it starts,
 * once when it ends); the schedule never dies of it.
 */
final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Registry registry;
    private final ClusterView view;

    Heartbeat(Registry registry, ClusterView view) {
        this.registry = registry;
        this.view = view;
    }

    @Override
    public void run() {
        try {
            if (!registry.heartbeat()) {
                LOG.warn("this node's registration is gone (deprovisioned?): registering again");
                registry.register();
            }
            view.instances(registry.instances());
        } catch (DatabaseUnavailableException e) {
            LOG.debug("no heartbeat: {}", e.getMessage());
        } catch (Registry.NameTakenException e) {
            LOG.warn("cannot register again: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("heartbeat failed: {}", OneLine.of(e));
        }
    }
}
