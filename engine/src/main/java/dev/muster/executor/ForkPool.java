package dev.muster.executor;

import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The threads of one run that work on hosts: {@code forks} at a time run a step on every host of a list and wait
 * for all of them, as many more open connections ahead of the first command, and one reports the hosts a step is
 * still waiting for once it has taken two seconds. Made per run: a run never reuses another's threads.
 */
final class ForkPool implements AutoCloseable {

    private final EventBus bus;
    private final Interruption interruption;
    private final ExecutorService forks;
    /** Opens connections ahead of the first command (see {@link #openAhead}). */
    private final ExecutorService opener;
    private final ScheduledExecutorService ticker;
    private volatile Running running;

    /** The step now running, for the progress line. */
    private record Running(String name, long startedNanos, Map<String, Boolean> pending) {
    }

    ForkPool(int forks, EventBus bus, Interruption interruption) {
        this.bus = bus;
        this.interruption = interruption;
        AtomicInteger forkThreads = new AtomicInteger();
        this.forks = Executors.newFixedThreadPool(Math.max(1, forks), daemon(() -> "muster-fork-" + forkThreads.incrementAndGet()));
        AtomicInteger openThreads = new AtomicInteger();
        this.opener = Executors.newFixedThreadPool(Math.max(1, forks), daemon(() -> "muster-open-" + openThreads.incrementAndGet()));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon(() -> "muster-progress"));
    }

    private static ThreadFactory daemon(Supplier<String> name) {
        return r -> {
            Thread thread = new Thread(r, name.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** From now on, a step that has taken two seconds reports, every second, the hosts it still waits for. */
    void reportProgress() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Runs {@code work} on every host, {@code forks} at a time, and waits for all of them. A host whose turn comes
     * after an interruption is not run; an exception that escapes {@code work} fails its host as an internal error.
     */
    Map<HostState, HostOutcome> onEach(String name, List<HostState> targets, Function<HostState, HostOutcome> work) {
        Map<String, Boolean> pending = new ConcurrentHashMap<>();
        targets.forEach(h -> pending.put(h.name, Boolean.TRUE));
        running = new Running(name, System.nanoTime(), pending);
        Map<HostState, Future<HostOutcome>> futures = new LinkedHashMap<>();
        for (HostState host : targets) {
            futures.put(host, forks.submit(() -> {
                try {
                    return interruption.requested() ? HostOutcome.notRun() : work.apply(host);
                } finally {
                    pending.remove(host.name);
                }
            }));
        }
        Map<HostState, HostOutcome> outcomes = new LinkedHashMap<>();
        futures.forEach((host, future) -> {
            try {
                outcomes.put(host, future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                interruption.request();
                outcomes.put(host, HostOutcome.notRun());
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                bus.publish(new Event.HostResult(name, "internal", host.name, Status.FAILED, "internal error: " + cause, null, false, Map.of(), null, 0));
                outcomes.put(host, new HostOutcome(Status.FAILED, String.valueOf(cause), Map.of(), Map.of()));
            }
        });
        running = null;
        return outcomes;
    }

    /**
     * Starts {@code open} for each host without waiting: key exchange and authentication take the better part of
     * a host's first round trip, and they overlap the controller's planning of its first tasks. At most
     * {@code forks} at once, as commands are.
     */
    void openAhead(List<HostState> hosts, Consumer<HostState> open) {
        for (HostState host : hosts) {
            opener.execute(() -> open.accept(host));
        }
    }

    private void tick() {
        Running now = running;
        if (now == null) {
            return;
        }
        long elapsed = (System.nanoTime() - now.startedNanos()) / 1_000_000;
        if (elapsed >= 2000 && !now.pending().isEmpty()) {
            bus.publish(new Event.Progress(now.name(), List.copyOf(new TreeSet<>(now.pending().keySet())), elapsed));
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        forks.shutdownNow();
        opener.shutdownNow();
    }
}
