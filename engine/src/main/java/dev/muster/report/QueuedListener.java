package dev.muster.report;

import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A listener behind a bounded queue and a thread of its own, so that a slow one (a database or AMQP writer, a
 * terminal piped into a slow reader) never holds up the forks that publish.
 *
 * <p>Overflow policy: publishing never waits. When the queue is full, the new event is dropped for this listener
 * only and counted; the listener sees a gap in the sequence numbers, and before its next event a
 * {@link Event.Warning} saying how many events it lost. The recap is never dropped: when it finds the queue full it
 * is kept aside and delivered after the queue has drained. {@link #close()} waits until everything queued has been
 * delivered (the run is over by then, so only the caller of close waits), then closes the listener.
 */
public final class QueuedListener implements EventListener {

    /** Events a listener may fall behind by before losing any: minutes of a large run, a few MB at most. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private static final RunEvent END = new RunEvent("", 0, Instant.EPOCH, null, null, null, new Event.Warning("end"));

    private final EventListener target;
    private final BlockingQueue<RunEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Thread thread;
    private volatile RunEvent heldRecap;
    private volatile RuntimeException failure;

    public QueuedListener(EventListener target, int capacity, String threadName) {
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this::deliver, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void on(Event event) {
        throw new UnsupportedOperationException("a queued listener receives stamped events from the bus");
    }

    @Override
    public void on(RunEvent event) {
        if (queue.offer(event)) {
            return;
        }
        if (event.event() instanceof Event.Recap) {
            heldRecap = event;
        } else {
            dropped.incrementAndGet();
            lost.incrementAndGet();
        }
    }

    private void deliver() {
        try {
            while (true) {
                RunEvent next = queue.take();
                if (next == END) {
                    return;
                }
                long gap = dropped.getAndSet(0);
                if (gap > 0) {
                    handle(new RunEvent(next.runId(), next.sequence(), Instant.now(), next.play(), null, null,
                            new Event.Warning("this listener fell behind: " + gap + " events were dropped")));
                }
                handle(next);
                if (queue.isEmpty()) {
                    tellCaughtUp();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listener's own failure must not end its thread: it would stop seeing events while the run goes on. */
    private void handle(RunEvent event) {
        try {
            target.on(event);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    private void tellCaughtUp() {
        try {
            target.caughtUp();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }

    /** How many events this listener lost to a full queue. */
    public long dropped() {
        return lost.get();
    }

    /** The first exception the listener threw, or null. */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public int verbosity() {
        return target.verbosity();
    }

    @Override
    public void close() {
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RunEvent recap = heldRecap;
        if (recap != null) {
            handle(recap);
        }
        target.close();
    }
}
