package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.executor.fakes.EngineHarness;
import dev.muster.report.Event;
import dev.muster.report.EventListener;
import dev.muster.report.Outcome;
import dev.muster.report.RunEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's API: several runs in one JVM, cancelling one, and listeners that cannot hold the hosts up. */
class EngineTest {

    @TempDir
    Path dir;
    EngineHarness h;

    /** Collects stamped events. */
    static final class Recorder implements EventListener {
        final List<RunEvent> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void on(Event event) {
            throw new AssertionError("the engine delivers stamped events");
        }

        @Override
        public void on(RunEvent event) {
            events.add(event);
        }

        List<String> scripts() {
            return events.stream().filter(e -> e.event() instanceof Event.HostResult).map(e -> e.host() + ":" + e.task()).toList();
        }
    }

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
        h.inventory.group("a", "a1", "a2").group("b", "b1", "b2");
        for (int i = 1; i <= 10; i++) {
            h.inventory.group("ten", "t" + i);
        }
    }

    private static String play(String hosts, String... commands) {
        StringBuilder text = new StringBuilder("- hosts: " + hosts + "\n  gather_facts: false\n  tasks:\n");
        for (String command : commands) {
            text.append("    - name: ").append(command).append("\n      command: ").append(command).append('\n');
        }
        return text.toString();
    }

    @Test
    void twoPlaybooksRunAtOnceWithTheirOwnEventsAndResultsAndOneIsCancelled() throws Exception {
        CountDownLatch blocked = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        h.connections.custom = (host, script) -> {
            if (script.equals("echo block")) {
                blocked.countDown();
                await(release);
            }
            return null;
        };
        h.write("a.yml", play("a", "echo one", "echo block", "echo never"));
        h.write("b.yml", play("b", "echo b-one", "echo b-two"));
        Engine engine = h.engine(); // one engine, shared by both runs
        Recorder aEvents = new Recorder();
        Recorder bEvents = new Recorder();
        RunHandle a = engine.prepare(h.request("a.yml").build()).start(aEvents);
        assertTrue(blocked.await(60, TimeUnit.SECONDS), "run a reaches its blocking task on both hosts");
        RunResult b = engine.prepare(h.request("b.yml").build()).start(bEvents).await(); // all of b while a is held
        a.cancel();
        release.countDown();
        RunResult cancelled = a.await();

        assertEquals(Outcome.OK, b.outcome());
        assertEquals(Outcome.CANCELLED, cancelled.outcome());
        assertEquals(List.of("b1", "b2"), List.copyOf(b.hosts().keySet()));
        assertEquals(List.of("a1", "a2"), List.copyOf(cancelled.hosts().keySet()));
        assertEquals(2, b.hosts().get("b1").changed());
        assertEquals(2, cancelled.hosts().get("a1").changed(), "the running task finished; the next never started");
        assertFalse(h.connections.scriptsOn("a1").contains("echo never"));
        assertTrue(aEvents.scripts().stream().allMatch(s -> s.startsWith("a")), aEvents.scripts().toString());
        assertTrue(bEvents.scripts().stream().allMatch(s -> s.startsWith("b")), bEvents.scripts().toString());
        List<String> bResults = bEvents.scripts(); // hosts report in the order they finish; tasks one after the other
        assertEquals(List.of("b1:echo b-one", "b2:echo b-one"), bResults.subList(0, 2).stream().sorted().toList());
        assertEquals(List.of("b1:echo b-two", "b2:echo b-two"), bResults.subList(2, 4).stream().sorted().toList());
        for (Recorder recorder : List.of(aEvents, bEvents)) {
            List<RunEvent> events = recorder.events;
            String runId = recorder == aEvents ? a.runId() : b.runId();
            assertTrue(events.stream().allMatch(e -> e.runId().equals(runId)));
            assertEquals(LongStream.rangeClosed(1, events.size()).boxed().toList(), events.stream().map(RunEvent::sequence).toList());
            assertTrue(events.get(events.size() - 1).event() instanceof Event.Recap);
        }
        assertTrue(aEvents.events.stream().filter(e -> e.event() instanceof Event.HostResult)
                .allMatch(e -> e.play() != null && e.task() != null && e.host() != null && e.time() != null));
    }

    @Test
    void aPreparedRunCanBeStartedAgain() throws Exception {
        h.write("b.yml", play("b", "echo again"));
        PreparedRun prepared = h.engine().prepare(h.request("b.yml").build());
        RunResult first = prepared.start().await();
        RunResult second = prepared.start().await();
        assertEquals(Outcome.OK, first.outcome());
        assertEquals(Outcome.OK, second.outcome());
        assertFalse(first.runId().equals(second.runId()));
        assertEquals(4, h.connections.calls.size());
    }

    /**
     * A listener that does not take its events at all (it waits for a latch) must not hold the run up: the engine
     * finishes with every event still queued. No clock is involved, so a loaded machine cannot break this.
     */
    @Test
    void aStuckListenerDoesNotHoldTheRunUp() throws Exception {
        h.write("ten.yml", play("ten", "echo 1", "echo 2", "echo 3", "echo 4", "echo 5"));
        CountDownLatch unblock = new CountDownLatch(1);
        Recorder seen = new Recorder();
        EventListener stuck = new EventListener() {
            public void on(Event event) {
            }

            public void on(RunEvent event) {
                await(unblock);
                seen.on(event);
            }
        };
        Recorder fast = new Recorder();
        RunHandle handle = h.engine().prepare(h.request("ten.yml").build()).start(stuck, fast);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!handle.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(handle.isDone(), "the engine finished while its listener had taken no event");
        assertTrue(seen.events.isEmpty());
        unblock.countDown();
        RunResult result = handle.await();
        assertEquals(Outcome.OK, result.outcome());
        assertEquals(0, result.dropped());
        assertEquals(fast.events, seen.events, "every event arrives, in order, once the listener catches up");
    }

    /**
     * A listener sleeping 100 ms per event (58 events: 5.8 s) beside a 10-host run: the engine finishes long before the
     * listener has seen half of them. The engine's own time with and without the slow listener is in the message.
     */
    @Test
    void aSlowListenerDoesNotSlowATenHostRun() throws Exception {
        h.write("ten.yml", play("ten", "echo 1", "echo 2", "echo 3", "echo 4", "echo 5"));
        RunResult alone = h.engine().prepare(h.request("ten.yml").verbosity(0).build()).start().await();
        Recorder seen = new Recorder();
        EventListener slow = new EventListener() {
            public void on(Event event) {
            }

            public void on(RunEvent event) {
                sleep(100);
                seen.on(event);
            }
        };
        RunHandle handle = h.engine().prepare(h.request("ten.yml").verbosity(0).build()).start(slow);
        while (!handle.isDone()) {
            Thread.sleep(5);
        }
        int seenWhenDone = seen.events.size();
        RunResult withSlow = handle.await();
        String times = "engine alone " + alone.elapsed().toMillis() + " ms, beside the slow listener " + withSlow.elapsed().toMillis()
                + " ms; the listener had seen " + seenWhenDone + " of " + seen.events.size() + " events when the engine finished";
        System.out.println(times);
        assertEquals(2 + 5 * 11 + 1, seen.events.size(), times);
        assertTrue(seenWhenDone < seen.events.size() / 2, times);
    }

    @Test
    void rolesPathsComeFromTheRequestNotTheProcessWorkingDirectory() throws Exception {
        h.write("elsewhere/roles/r/tasks/main.yml", "- name: from r\n  command: echo from-r\n");
        h.write("site.yml", "- hosts: a\n  gather_facts: false\n  roles: [r]\n");
        RunResult result = h.engine().prepare(h.request("site.yml").rolesPaths(List.of(dir.resolve("elsewhere/roles"))).build())
                .start().await();
        assertEquals(Outcome.OK, result.outcome());
        assertTrue(h.connections.scriptsOn("a1").contains("echo from-r"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
