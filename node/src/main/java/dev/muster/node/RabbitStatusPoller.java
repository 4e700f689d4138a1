package dev.muster.node;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes the RabbitMQ part of the {@link ClusterView} on the heartbeat schedule, so that /api/v1/ping
 * answers from memory and its latency never depends on the broker.
 */
final class RabbitStatusPoller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RabbitStatusPoller.class);

    private final Broker broker;
    private final RabbitManagementClient management;
    private final List<String> expectedNodes;
    private final ClusterView view;
    private String lastManagementError;

    /** {@code management} may be null: the status then comes from the AMQP connection alone. */
    RabbitStatusPoller(Broker broker, RabbitManagementClient management, List<String> expectedNodes, ClusterView view) {
        this.broker = broker;
        this.management = management;
        this.expectedNodes = expectedNodes;
        this.view = view;
    }

    @Override
    public void run() {
        String now = Instant.now().toString();
        Broker.State amqp = broker.state();
        String managementError = null;
        if (management != null) {
            try {
                view.rabbit(management.fetch(expectedNodes, now));
                lastManagementError = null;
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                managementError = "management API: " + OneLine.of(e);
                if (amqp.connected() && !managementError.equals(lastManagementError)) {
                    LOG.warn("rabbitmq {}; reporting what the AMQP connection knows", managementError);
                }
                lastManagementError = managementError;
            }
        }
        String error = amqp.connected() ? managementError : amqp.error();
        view.rabbit(new RabbitStatus(amqp.connected(), "amqp", amqp.clusterName(), amqp.version(),
                null, null, null, null, now, error));
    }
}
