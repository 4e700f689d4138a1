package dev.muster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The stated overflow policy: never wait, drop and count, say so, always deliver the recap. */
class QueuedListenerTest {

    @Test
    void aFullQueueDropsNewEventsButNeverTheRecapAndTellsTheListener() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<RunEvent> seen = new ArrayList<>();
        EventListener stuck = heldUntil(release, seen::add, () -> { });
        QueuedListener queued = new QueuedListener(stuck, 4, "test-listener");
        EventBus bus = new EventBus(new Masker(), "run-1", 0).add(queued);
        for (int i = 0; i < 20; i++) {
            bus.publish(new Event.Warning("w" + i)); // returns at once although nothing is taken
        }
        bus.publish(new Event.Recap(Map.of(), 1, Outcome.OK));
        release.countDown();
        bus.close();

        long dropped = queued.dropped();
        assertTrue(dropped >= 15 && dropped <= 16, "4 queued (+1 taken by the thread), the rest dropped: " + dropped);
        RunEvent last = seen.get(seen.size() - 1);
        assertTrue(last.event() instanceof Event.Recap, "the recap is delivered last, after the queue drained");
        assertEquals(21, last.sequence());
        // the notices count every dropped event; they may come as one or, when the listener's thread took an event
        // between two drops (its timing is the scheduler's), as several
        long told = seen.stream().filter(e -> e.event() instanceof Event.Warning w && w.text().startsWith("this listener fell behind: "))
                .mapToLong(e -> Long.parseLong(((Event.Warning) e.event()).text().replaceAll("\\D+", ""))).sum();
        assertEquals(dropped, told, seen.toString());
    }

    @Test
    void aListenerIsToldWhenItHasCaughtUpSoItCanWriteOutABurstAtOnce() throws Exception {
        java.io.StringWriter file = new java.io.StringWriter();
        // a writer that keeps everything until flushed, as the log file's buffered writer does
        java.io.PrintWriter buffered = new java.io.PrintWriter(new java.io.BufferedWriter(file, 1 << 20), false);
        JsonLinesListener log = new JsonLinesListener(buffered, false, 2);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch caughtUp = new CountDownLatch(1);
        EventListener held = heldUntil(release, log::on, () -> {
            log.caughtUp();
            caughtUp.countDown();
        });
        QueuedListener queued = new QueuedListener(held, 16, "test-listener");
        EventBus bus = new EventBus(new Masker(), "run-1", 0).add(queued);
        for (int i = 0; i < 5; i++) {
            bus.publish(new Event.Warning("w" + i));
        }
        release.countDown();
        assertTrue(caughtUp.await(60, java.util.concurrent.TimeUnit.SECONDS), "the queue ran empty: the listener is told");
        assertEquals(5, file.toString().lines().count(), "every line of the burst written out when it ended: " + file);
        bus.close();
    }

    /** A listener that takes no event before {@code release}, then hands each to {@code taken}. */
    private static EventListener heldUntil(CountDownLatch release, java.util.function.Consumer<RunEvent> taken, Runnable onCaughtUp) {
        return new EventListener() {
            public void on(Event event) {
            }

            public void on(RunEvent event) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                taken.accept(event);
            }

            public void caughtUp() {
                onCaughtUp.run();
            }
        };
    }
}
