package dev.muster.node;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node last learned about the cluster, kept for when the database or the broker is away:
 * /api/v1/ping then still shows the last known instances (with their age) instead of nothing.
 * It also logs every change of another node's status, one line each.
 */
final class ClusterView {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterView.class);

    private volatile List<Instance> instances = List.of();
    private volatile Instant instancesAsOf;
    private volatile RabbitStatus rabbit;
    private final Map<String, String> lastStatus = new HashMap<>();

    synchronized void instances(List<Instance> now) {
        for (Instance i : now) {
            String before = lastStatus.put(i.uuid().toString(), i.status());
            if (before == null && instancesAsOf != null) {
                LOG.info("node {} ({}) joined: {}", i.node(), i.uuid(), i.status());
            } else if (before != null && !before.equals(i.status())) {
                LOG.info("node {} ({}) is now {} (was {})", i.node(), i.uuid(), i.status(), before);
            }
        }
        instances = List.copyOf(now);
        instancesAsOf = Instant.now();
    }

    List<Instance> instances() {
        return instances;
    }

    Instant instancesAsOf() {
        return instancesAsOf;
    }

    void rabbit(RabbitStatus status) {
        rabbit = status;
    }

    RabbitStatus rabbit() {
        return rabbit;
    }
}
