package dev.muster.executor;

import dev.muster.connection.ConnectionFactory;
import dev.muster.playbook.Task;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The linear strategy for a segment (consecutive tasks that can join a batch, see {@link BatchPlanner#canJoin}),
 * with as few round trips as it allows: each round, every host plans the tasks that can go together from
 * where all hosts stand, all hosts cut at the same task, and each host sends its tasks in one round trip
 * ({@link HostBatch}). Results are then reported exactly as the linear strategy would: task by task, each
 * task's header, then every host's result, while the hosts may already be further on.
 *
 * <p>Why rounds cut all hosts at the same task: a task that depends on what an earlier one registered must be
 * planned after it ran; cutting every host there keeps all hosts at the same task at the start of each
 * round, so whatever a task looks up (another host's variables too) is what the linear strategy would show.
 */
final class BatchRunner {

    /** What the playbook runner does with each result, and how it shows which hosts a task waits for. */
    interface Accounting {
        void account(Task task, HostState host, HostOutcome outcome);

        void waiting(String task, Map<String, Boolean> pending);
    }

    private final TaskRunner tasks;
    private final ConnectionFactory connections;
    private final EventBus bus;
    private final Duration taskTimeout;
    private final ExecutorService forks;
    private final ExecutorService control;
    private final BooleanSupplier interrupted;
    private final Set<HostBatch> running = ConcurrentHashMap.newKeySet();

    BatchRunner(TaskRunner tasks, ConnectionFactory connections, EventBus bus, Duration taskTimeout, ExecutorService forks,
                ExecutorService control, BooleanSupplier interrupted) {
        this.tasks = tasks;
        this.connections = connections;
        this.bus = bus;
        this.taskTimeout = taskTimeout;
        this.forks = forks;
        this.control = control;
        this.interrupted = interrupted;
    }

    /** Runs {@code segment} on the active hosts of {@code among}. */
    void run(List<Task> segment, PlayRun run, List<HostState> among, Accounting accounting) {
        int cursor = 0;
        while (cursor < segment.size() && !interrupted.getAsBoolean()) {
            List<HostState> hosts = run.active(among);
            if (hosts.isEmpty()) {
                return;
            }
            List<BatchPlanner.HostPlan> plans = planAll(segment, cursor, hosts, run);
            int end = segment.size();
            for (BatchPlanner.HostPlan plan : plans) {
                end = Math.min(end, plan.limit());
            }
            List<HostBatch> batches = new ArrayList<>();
            for (BatchPlanner.HostPlan plan : plans) {
                List<TaskRunner.Planned> items = plan.items().subList(0, Math.min(plan.items().size(), end - cursor));
                batches.add(new HostBatch(plan.host(), List.copyOf(items), run, tasks, connections, bus, taskTimeout, control));
            }
            for (HostBatch batch : batches) {
                running.add(batch);
                forks.execute(() -> {
                    try {
                        batch.run();
                    } finally {
                        running.remove(batch);
                    }
                });
            }
            report(segment, cursor, end, batches, accounting);
            cursor = end;
        }
    }

    /** Every host's plan from {@code cursor} on, planned in parallel (templates and conditions cost CPU). */
    private List<BatchPlanner.HostPlan> planAll(List<Task> segment, int cursor, List<HostState> hosts, PlayRun run) {
        List<Future<BatchPlanner.HostPlan>> futures = new ArrayList<>();
        for (HostState host : hosts) {
            futures.add(forks.submit(() -> BatchPlanner.plan(segment, cursor, host, run, tasks)));
        }
        List<BatchPlanner.HostPlan> plans = new ArrayList<>();
        for (Future<BatchPlanner.HostPlan> future : futures) {
            try {
                plans.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while planning", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("planning failed: " + e.getCause(), e.getCause());
            }
        }
        return plans;
    }

    /** Task by task: the header, then each host's result as it comes, counted for the recap. */
    private void report(List<Task> segment, int cursor, int end, List<HostBatch> batches, Accounting accounting) {
        for (int i = cursor; i < end; i++) {
            Task task = segment.get(i);
            int index = i - cursor;
            List<HostBatch> taking = batches.stream().filter(b -> index < b.size() && b.host().active()).toList();
            if (taking.isEmpty()) {
                continue;
            }
            if (interrupted.getAsBoolean()) {
                // after Ctrl-C only what did run is reported: wait first, then show the task if anything ran
                taking = taking.stream().filter(b -> b.result(index).join().outcome().status() != null).toList();
                if (taking.isEmpty()) {
                    continue;
                }
            }
            bus.publish(new Event.TaskStarted(task.displayName(), "task", String.valueOf(task.location()),
                    taking.stream().map(b -> b.host().name).toList()));
            Map<String, Boolean> pending = new ConcurrentHashMap<>();
            taking.forEach(b -> pending.put(b.host().name, Boolean.TRUE));
            accounting.waiting(task.displayName(), pending);
            Map<HostBatch, HostBatch.Result> results = new LinkedHashMap<>();
            for (HostBatch batch : taking) {
                results.put(batch, batch.result(index).join());
                pending.remove(batch.host().name);
            }
            results.forEach((batch, result) -> {
                if (result.outcome().status() != null) {
                    result.details().forEach(text -> bus.publish(new Event.Verbose(batch.host().name, 3, text)));
                    TaskRunner.Planned planned = batch.item(index);
                    result.items().forEach(item -> tasks.publishItem(planned, item.item(), item.outcome(), item.millis()));
                    if (result.loop()) {
                        tasks.publishLoop(planned, result.outcome(), result.millis());
                    } else {
                        tasks.publish(planned, result.outcome(), result.millis());
                    }
                    accounting.account(task, batch.host(), result.outcome());
                }
            });
        }
    }

    /** Ctrl-C: every running batch lets its current task end and starts no more. */
    void stopAll() {
        running.forEach(HostBatch::stop);
    }

    /** Ends tasks that have outlived the per-task timeout. */
    void enforceDeadlines() {
        running.forEach(HostBatch::enforceDeadline);
    }
}
