package dev.muster.node;

import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One heartbeat: refresh this node's row (registering again if an operator removed it), then read the
 * registry into the {@link ClusterView}. A database fault is logged by {@link Database} (once when it starts,
 * once when it ends); the schedule never dies of it.
 * <p>
 * The capacity written is what the node offers now, not what it was configured with: 0 while it has no broker
 * connection (its RabbitMQ stopped, failed for good, or paused as a partition's minority), because it takes no job
 * then. Ping and {@code manage list-nodes} thus show a node that cannot work as capacity 0, and its capacity comes
 * back with the connection.
 */
final class Heartbeat implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final Registry registry;
    private final ClusterView view;
    private final IntSupplier offered;

    Heartbeat(Registry registry, ClusterView view, IntSupplier offered) {
        this.registry = registry;
        this.view = view;
        this.offered = offered;
    }

    @Override
    public void run() {
        try {
            if (!registry.heartbeat(offered.getAsInt())) {
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
