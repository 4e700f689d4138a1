package dev.muster.node.job;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The durable quorum queue {@code muster.jobs}: persistent messages that carry a job id. Publishing waits for the
 * broker's confirm, so a launch that returned 201 has its message in the queue (replicated, with a quorum queue,
 * on a RabbitMQ cluster).
 */
public final class JobQueue implements Consumer<Connection> {
    public static final String NAME = "muster.jobs";

    private Channel channel;

    /** Declares the queue; every user of it declares it the same way (a mismatch is a broker error). */
    static void declare(Channel ch) throws IOException {
        ch.queueDeclare(NAME, true, false, false, Map.of("x-queue-type", "quorum"));
    }

    @Override
    public synchronized void accept(Connection connection) {
        try {
            Channel ch = connection.createChannel();
            declare(ch);
            ch.confirmSelect();
            channel = ch;
        } catch (IOException e) {
            throw new IllegalStateException("cannot declare queue " + NAME + ": " + e.getMessage(), e);
        }
    }

    /** Queues job {@code id}; throws IOException when the broker is away or did not confirm. */
    public synchronized void publish(long id) throws IOException {
        if (channel == null || !channel.isOpen()) {
            throw new IOException("rabbitmq is not connected");
        }
        channel.basicPublish("", NAME, MessageProperties.PERSISTENT_BASIC, Long.toString(id).getBytes(StandardCharsets.US_ASCII));
        try {
            channel.waitForConfirmsOrDie(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the broker's confirm");
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the job's message within 10 s");
        }
    }
}
