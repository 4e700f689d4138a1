package dev.muster.node.job;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes jobs from {@code muster.jobs}: manual acknowledgement and a prefetch of this node's capacity, so the
 * broker never hands it more jobs than it may run at once and any node with room may get the next one. Each
 * delivery is claimed in PostgreSQL (only a pending job can be claimed), run, and acknowledged when it reached a
 * final state; a node that dies unacknowledged gets its deliveries redelivered to the others:
 * <ul>
 *   <li>a job still pending (taken, not started) runs on the node that gets it;</li>
 *   <li>a job found running on a lost node (or on this node, from before a restart) is failed with the reason;</li>
 *   <li>anything final is only acknowledged.</li>
 * </ul>
 */
public final class JobDispatcher implements Consumer<Connection> {
    private static final Logger LOG = LoggerFactory.getLogger(JobDispatcher.class);

    private final JobStore jobs;
    private final JobRunner runner;
    private final String node;
    private final int capacity;
    private final ExecutorService workers;
    private Channel channel;
    private String consumerTag;
    private boolean wanted = true;

    public JobDispatcher(JobStore jobs, JobRunner runner, String node, int capacity) {
        this.jobs = jobs;
        this.runner = runner;
        this.node = node;
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void accept(Connection connection) {
        try {
            Channel ch = connection.createChannel();
            JobQueue.declare(ch);
            if (capacity <= 0) {
                LOG.info("capacity 0: this node takes no jobs");
                return;
            }
            ch.basicQos(capacity);
            channel = ch;
            if (wanted) {
                consume();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot consume from " + JobQueue.NAME + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes jobs while this node is alive and enabled, and no new ones while it is disabled (an operator drains it)
     * or counted lost (the others may be failing its jobs): jobs already taken run to their end.
     */
    public synchronized void takeJobs(boolean on) {
        if (on == wanted) {
            return;
        }
        wanted = on;
        if (channel == null) {
            return;
        }
        try {
            if (on) {
                consume();
            } else if (consumerTag != null) {
                channel.basicCancel(consumerTag);
                consumerTag = null;
                LOG.info("this node is disabled or lost: it takes no new jobs");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot {} taking jobs: {}", on ? "resume" : "stop", OneLine.of(e));
        }
    }

    private void consume() throws IOException {
        Channel ch = channel;
        consumerTag = ch.basicConsume(JobQueue.NAME, false, new DefaultConsumer(ch) {
            @Override
            public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                long deliveryTag = envelope.getDeliveryTag();
                workers.execute(() -> take(ch, deliveryTag, envelope.isRedeliver(), body));
            }
        });
        LOG.info("taking jobs from {} (at most {} at once)", JobQueue.NAME, capacity);
    }

    private void take(Channel ch, long deliveryTag, boolean redelivered, byte[] body) {
        long id;
        try {
            id = Long.parseLong(new String(body, StandardCharsets.US_ASCII).strip());
        } catch (NumberFormatException e) {
            LOG.warn("dropping a message on {} that is no job id", JobQueue.NAME);
            ack(ch, deliveryTag);
            return;
        }
        try {
            JobStore.Claimed claimed = jobs.claim(id, node);
            if (claimed != null) {
                runner.run(claimed);
            } else {
                settle(id, redelivered);
            }
            ack(ch, deliveryTag);
        } catch (DatabaseUnavailableException e) {
            // Not ours to decide without the database: back to the queue after a pause, for us or another node.
            LOG.warn("job {}: {}; returning it to the queue", id, e.getMessage());
            pause();
            nack(ch, deliveryTag);
        } catch (RuntimeException e) {
            LOG.error("job {}: {}", id, OneLine.of(e), e);
            nack(ch, deliveryTag);
        }
    }

    /** A delivery of a job that is not pending: fail it when its runner is gone, else just acknowledge. */
    private void settle(long id, boolean redelivered) throws DatabaseUnavailableException {
        JobStore.State state = jobs.state(id);
        if (state == null || !JobStore.RUNNING.equals(state.status())) {
            return;
        }
        boolean orphan = state.nodeLost() || node.equals(state.node()) && !runner.isRunning(id);
        if (orphan && jobs.failLost(id, state.node())) {
            LOG.warn("job {}: node {} lost while running the job: failed", id, state.node());
        } else if (!orphan) {
            LOG.info("job {} redelivered={} is running on {}, which is alive: left to it", id, redelivered, state.node());
        }
    }

    private static void ack(Channel ch, long tag) {
        try {
            synchronized (ch) {
                ch.basicAck(tag, false);
            }
        } catch (IOException | RuntimeException e) {
            // The channel closed since: the broker redelivers the message, and the job's state settles it.
            LOG.debug("ack failed: {}", OneLine.of(e));
        }
    }

    private static void nack(Channel ch, long tag) {
        try {
            synchronized (ch) {
                ch.basicNack(tag, false, true);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("nack failed: {}", OneLine.of(e));
        }
    }

    private static void pause() {
        try {
            TimeUnit.SECONDS.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public void close() {
        workers.shutdownNow();
    }
}
