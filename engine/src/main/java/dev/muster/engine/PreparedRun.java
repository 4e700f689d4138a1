package dev.muster.engine;

import dev.muster.connection.ConnectionFactory;
import dev.muster.executor.PlaybookRunner;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.EventListener;
import dev.muster.report.Masker;
import dev.muster.report.QueuedListener;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A run that has been loaded and checked and knows its secrets; nothing has connected yet. It may be started any
 * number of times, one after the other or at once: each start has its own run id, connections, threads and events.
 */
public final class PreparedRun {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final EngineServices services;
    private final Plan plan;
    private final Supplier<PlaybookLoader> loaders;
    private final List<String> warnings;

    PreparedRun(EngineServices services, Plan plan, Supplier<PlaybookLoader> loaders, List<String> warnings) {
        this.services = services;
        this.plan = plan;
        this.loaders = loaders;
        this.warnings = List.copyOf(warnings);
    }

    public Plan plan() {
        return plan;
    }

    /** What the checks found worth saying but not worth stopping for (a hosts pattern that matches nothing). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Starts the run on a thread of its own and returns at once. Each listener gets its own bounded queue and thread
     * ({@link QueuedListener}: the overflow policy is there), so a slow one never holds up the hosts; every event a
     * listener sees is already masked.
     */
    public RunHandle start(EventListener... listeners) {
        return start(QueuedListener.DEFAULT_CAPACITY, listeners);
    }

    /** As {@link #start(EventListener...)}, with each listener's queue holding at most {@code queueCapacity} events. */
    public RunHandle start(int queueCapacity, EventListener... listeners) {
        String runId = UUID.randomUUID().toString();
        Masker masker = secrets();
        EventBus bus = new EventBus(masker, runId, plan.request().verbosity());
        List<QueuedListener> queued = new ArrayList<>();
        for (EventListener listener : listeners) {
            QueuedListener q = new QueuedListener(listener, queueCapacity, "muster-listener-" + THREADS.incrementAndGet());
            queued.add(q);
            bus.add(q);
        }
        ConnectionFactory connections = services.connections(plan.request().hostKeyPolicy(), plan.request().knownHosts(),
                plan.request().connectTimeout());
        PlaybookRunner runner = new PlaybookRunner(plan.playbook(), plan.inventory(), services.modules(), services.templating(),
                services.facts(), connections, loaders.get(), bus, plan.request().options());
        warnings.forEach(w -> bus.publish(new Event.Warning(w)));
        return RunHandle.start(runId, runner, connections, bus, queued);
    }

    /** Every secret-named value known before the run, so that even the first event is masked. */
    private Masker secrets() {
        Masker masker = new Masker();
        Inventory inventory = plan.inventory();
        inventory.hosts().forEach(host -> masker.learn(inventory.hostVars(host)));
        Playbook playbook = plan.playbook();
        for (Play play : playbook.plays()) {
            masker.learn(play.vars());
            for (Task task : play.writtenTasks()) {
                masker.learn(task.scope().vars());
                if (task.scope().role() != null) {
                    masker.learn(task.scope().role().defaults());
                    masker.learn(task.scope().role().vars());
                    masker.learn(task.scope().role().params());
                }
            }
        }
        masker.learn(plan.request().extraVars());
        masker.learn(plan.request().defaultVars());
        masker.add(plan.request().becomePassword());
        return masker;
    }
}
