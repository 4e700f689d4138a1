package dev.muster.node;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's AMQP connection to RabbitMQ: jobs arrive through it ({@code JobDispatcher}), control messages too
 * ({@code ControlExchange}), each on channels of its own made once connected. The first connection is retried by this class with a back-off (the client's automatic
 * recovery only covers connections that once succeeded); after that the client's automatic recovery
 * reconnects by itself and restores channels and consumers.
 */
final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

    /** What the node knows about its broker connection now. */
    record State(boolean connected, String error, String clusterName, String version) {
    }

    private final ConnectionFactory factory = new ConnectionFactory();
    private final String endpoint;
    private final String connectionName;
    private volatile Connection connection;
    private volatile String lastError = "not connected yet";
    private volatile boolean closing;
    private Thread connector;
    private final java.util.List<java.util.function.Consumer<Connection>> onConnect = new java.util.concurrent.CopyOnWriteArrayList<>();

    Broker(NodeConfig cfg, String connectionName) {
        factory.setHost(cfg.rabbitHost);
        factory.setPort(cfg.rabbitPort);
        factory.setVirtualHost(cfg.rabbitVhost);
        factory.setUsername(cfg.rabbitUser);
        factory.setPassword(cfg.rabbitPassword);
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(2000);
        factory.setRequestedHeartbeat(10);
        factory.setConnectionTimeout(5000);
        factory.setExceptionHandler(new OneLineExceptionHandler());
        this.endpoint = cfg.rabbitHost + ":" + cfg.rabbitPort + "/" + cfg.rabbitVhost;
        this.connectionName = connectionName;
    }

    /** Connects in the background, retrying until it succeeds or the node stops. */
    void start() {
        connector = new Thread(this::connectUntilDone, "rabbitmq-connect");
        connector.setDaemon(true);
        connector.start();
    }

    private void connectUntilDone() {
        long backoffMs = 1000;
        boolean reported = false;
        while (!closing) {
            try {
                Connection c = factory.newConnection(connectionName);
                c.addShutdownListener(this::onShutdown);
                ((Recoverable) c).addRecoveryListener(new RecoveryListener() {
                    @Override
                    public void handleRecovery(Recoverable r) {
                        lastError = null;
                        LOG.info("rabbitmq connection to {} recovered", endpoint);
                    }

                    @Override
                    public void handleRecoveryStarted(Recoverable r) {
                        // the shutdown listener has already said why
                    }
                });
                connection = c;
                lastError = null;
                LOG.info("rabbitmq connected to {} ({})", endpoint, serverProperty(c, "version"));
                for (java.util.function.Consumer<Connection> action : onConnect) {
                    try {
                        action.accept(c);
                    } catch (RuntimeException e) {
                        LOG.error("rabbitmq set-up after connecting failed: {}", OneLine.of(e), e);
                    }
                }
                return;
            } catch (Exception e) {
                lastError = "rabbitmq unreachable at " + endpoint + ": " + OneLine.of(e);
                if (!reported) {
                    LOG.warn("{}; retrying", lastError);
                    reported = true;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    return;
                }
                backoffMs = Math.min(backoffMs * 2, 10_000);
            }
        }
    }

    private void onShutdown(ShutdownSignalException cause) {
        if (cause.isInitiatedByApplication() || closing) {
            return;
        }
        lastError = "rabbitmq connection to " + endpoint + " lost: " + OneLine.of(cause);
        LOG.warn("{}; recovering", lastError);
    }

    /**
     * Runs {@code action} once the first connection is up (channels, queues and consumers made on it are restored
     * by the client's automatic recovery after that). Register before {@link #start()}.
     */
    void onConnected(java.util.function.Consumer<Connection> action) {
        onConnect.add(action);
    }

    State state() {
        Connection c = connection;
        if (c == null || !c.isOpen()) {
            String err = lastError == null ? "rabbitmq connection to " + endpoint + " is recovering" : lastError;
            return new State(false, err, null, null);
        }
        return new State(true, null, serverProperty(c, "cluster_name"), serverProperty(c, "version"));
    }

    private static String serverProperty(Connection c, String key) {
        Map<String, Object> props = c.getServerProperties();
        Object v = props == null ? null : props.get(key);
        return v == null ? null : v.toString();
    }

    @Override
    public void close() {
        closing = true;
        if (connector != null) {
            connector.interrupt();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.abort(2000);
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
    }

    /** The client's default handler prints stack traces for expected faults; one line is enough. */
    private static final class OneLineExceptionHandler extends ForgivingExceptionHandler {
        @Override
        protected void log(String message, Throwable e) {
            LOG.warn("rabbitmq: {}: {}", message, OneLine.of(e));
        }

        @Override
        public void handleUnexpectedConnectionDriverException(Connection conn, Throwable exception) {
            // The connection's shutdown listener reports the loss, once.
            LOG.debug("rabbitmq connection driver: {}", OneLine.of(exception));
        }

        @Override
        public void handleConnectionRecoveryException(Connection conn, Throwable exception) {
            // Retried every networkRecoveryInterval while the broker is away: reported once by onShutdown.
            LOG.debug("rabbitmq recovery attempt failed: {}", OneLine.of(exception));
        }
    }
}
