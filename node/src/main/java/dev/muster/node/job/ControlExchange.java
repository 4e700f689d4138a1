package dev.muster.node.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.muster.node.OneLine;
import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fanout exchange {@code muster.control}: every node gets every message on a queue of its own (server-named,
 * exclusive, gone with the connection). Messages are small JSON objects: {@code {"cancel": ID}} and
 * {@code {"project": NAME, "revision": SHA256}}; a node that is away misses them, which is safe: cancel is also
 * recorded in the job row, and a missed revision is fetched when a job needs it.
 */
public final class ControlExchange implements Consumer<Connection> {
    public static final String NAME = "muster.control";
    private static final Logger LOG = LoggerFactory.getLogger(ControlExchange.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<JsonNode> handler;
    private Channel publisher;

    public ControlExchange(Consumer<JsonNode> handler) {
        this.handler = handler;
    }

    @Override
    public synchronized void accept(Connection connection) {
        try {
            publisher = connection.createChannel();
            publisher.exchangeDeclare(NAME, BuiltinExchangeType.FANOUT, true);
            Channel sub = connection.createChannel();
            String queue = sub.queueDeclare().getQueue();
            sub.queueBind(queue, NAME, "");
            sub.basicConsume(queue, true, new DefaultConsumer(sub) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                    try {
                        handler.accept(JSON.readTree(body));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("control message not handled: {}", OneLine.of(e));
                    }
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up " + NAME + ": " + e.getMessage(), e);
        }
    }

    /** Sends {@code message} to every node, this one included. */
    public synchronized void publish(Map<String, ?> message) throws IOException {
        if (publisher == null || !publisher.isOpen()) {
            throw new IOException("rabbitmq is not connected");
        }
        publisher.basicPublish(NAME, "", null, JSON.writeValueAsBytes(message));
    }
}
