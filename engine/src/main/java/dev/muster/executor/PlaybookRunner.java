package dev.muster.executor;

import dev.muster.connection.ConnectionFactory;
import dev.muster.connection.UnreachableException;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.inventory.Inventory;
import dev.muster.connection.ExecResult;
import dev.muster.playbook.Block;
import dev.muster.playbook.DynamicInclude;
import dev.muster.inventory.HostPattern;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.playbook.Step;
import dev.muster.playbook.Task;
import dev.muster.playbook.TaskFiles;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.HostStats;
import dev.muster.report.Outcome;
import dev.muster.report.Status;
import dev.muster.vars.LazyVars;
import dev.muster.template.Templates;
import dev.muster.template.Templating;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The linear strategy: each task runs on every host of the batch (up to {@code forks} at once)
 * before the next task starts; handlers run at the end of each section and at flush_handlers, once
 * per host, in the order they were defined. Hosts that fail or cannot be reached leave the play.
 */
public final class PlaybookRunner {

    private final Playbook playbook;
    private final Inventory inventory;
    private final Templating templating;
    private final FactSource factSource;
    private final ConnectionFactory connections;
    private final PlaybookLoader loader;
    private final EventBus bus;
    private final RunOptions options;
    private final Path playbookDir;
    private final TagFilter tags;
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    private final List<String> touched = new ArrayList<>();
    private final VarsAssembler vars;
    private final TaskRunner taskRunner;
    private final HostSessions sessions = new HostSessions();
    private final ExecutorService pool;
    /** Opens connections ahead of the first command (see openConnections). */
    private final ExecutorService opener;
    private final ScheduledExecutorService ticker;
    private volatile boolean interrupted;
    private volatile Running running;

    /** The task now running, for the progress line. */
    private record Running(String name, long startedNanos, Map<String, Boolean> pending) {
    }

    public PlaybookRunner(Playbook playbook, Inventory inventory, ModuleCatalog modules, Templating templating, FactSource factSource,
                          ConnectionFactory connections, PlaybookLoader loader, EventBus bus, RunOptions options) {
        this.playbook = playbook;
        this.inventory = inventory;
        this.templating = templating;
        this.factSource = factSource;
        this.connections = connections;
        this.loader = loader;
        this.bus = bus;
        this.options = options;
        this.tags = new TagFilter(options.tags(), options.skipTags());
        this.playbookDir = playbook.file().toAbsolutePath().normalize().getParent();
        this.vars = new VarsAssembler(inventory, templating, options.defaultVars(), options.extraVars(), this::host, options.check(), String.valueOf(playbookDir));
        this.taskRunner = new TaskRunner(modules, templating, connections, sessions, vars, this::host, bus, options, playbookDir, () -> interrupted);
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, options.forks()), r -> {
            Thread thread = new Thread(r, "muster-fork-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger openers = new AtomicInteger();
        this.opener = Executors.newFixedThreadPool(Math.max(1, options.forks()), r -> {
            Thread thread = new Thread(r, "muster-open-" + openers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "muster-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    private HostState host(String name) {
        return hosts.computeIfAbsent(name, n -> new HostState(n, inventory.hostVars(n)));
    }

    /** A play was stopped by any_errors_fatal or max_fail_percentage: the playbook ends there. */
    private volatile boolean stopped;

    /** Stops scheduling new work: running commands end (or time out), then the recap is printed. */
    public void interrupt() {
        interrupted = true;
    }

    /** Runs every play, publishes the recap and returns it (unmasked: the recap holds counts, no values). */
    public Event.Recap run() {
        long started = System.nanoTime();
        bus.publish(new Event.PlaybookStarted(String.valueOf(playbook.file()), options.check(), options.forks()));
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        try {
            for (Play play : playbook.plays()) {
                if (interrupted || stopped) {
                    break;
                }
                runPlay(play);
            }
        } finally {
            ticker.shutdownNow();
            pool.shutdownNow();
            opener.shutdownNow();
            sessions.close();
        }
        Outcome outcome = outcome();
        Map<String, HostStats> recap = new LinkedHashMap<>();
        for (String name : touched) {
            HostState h = hosts.get(name);
            recap.put(name, new HostStats(h.ok, h.changed, h.unreachables, h.failures, h.skipped, h.rescued, h.ignored));
        }
        Event.Recap done = new Event.Recap(java.util.Collections.unmodifiableMap(recap), (System.nanoTime() - started) / 1_000_000, outcome);
        bus.publish(done);
        return done;
    }

    private Outcome outcome() {
        if (interrupted) {
            return Outcome.CANCELLED;
        }
        boolean failed = touched.stream().map(hosts::get).anyMatch(h -> h.failures > 0);
        boolean unreachable = touched.stream().map(hosts::get).anyMatch(h -> h.unreachables > 0);
        return failed ? Outcome.HOST_FAILED : unreachable ? Outcome.HOST_UNREACHABLE : Outcome.OK;
    }

    /** The hosts a play targets: its pattern, narrowed by --limit, without hosts already out of the run. */
    public static List<String> playHosts(Play play, Inventory inventory, String limit) {
        List<String> names = new ArrayList<>(HostPattern.resolve(play.hosts(), inventory));
        if (limit != null) {
            names.retainAll(HostPattern.resolve(limit, inventory));
        }
        return names;
    }

    private void runPlay(Play play) {
        List<String> names = new ArrayList<>(playHosts(play, inventory, options.limit()));
        names.removeIf(name -> !host(name).active());
        bus.publish(new Event.PlayStarted(play.displayName(), names));
        if (names.isEmpty()) {
            bus.publish(new Event.Warning("no hosts matched '" + play.hosts() + "'" + (options.limit() == null ? "" : " with --limit " + options.limit())));
            return;
        }
        names.forEach(name -> {
            if (!touched.contains(name)) {
                touched.add(name);
            }
        });
        for (List<String> batchNames : Batches.split(names, play.serial())) {
            if (interrupted) {
                return;
            }
            List<HostState> batch = batchNames.stream().map(this::host).toList();
            openConnections(batch);
            PlayRun run = new PlayRun(play, batch, names);
            if (play.gatherFacts()) {
                gatherFacts(run);
            }
            for (List<Step> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                runSteps(section, run, batch);
                if (!run.aborted && !interrupted) {
                    flushHandlers(run);
                }
            }
            if (run.aborted || batch.stream().noneMatch(HostState::active)) {
                if (run.aborted) {
                    // as ansible-playbook: every host of the play counts as failed, so no later play runs
                    stopped = true;
                    bus.publish(new Event.Warning("play '" + play.displayName() + "' stopped the run: "
                            + (play.anyErrorsFatal() ? "any_errors_fatal" : "max_fail_percentage exceeded")));
                }
                return;
            }
        }
    }

    /**
     * Starts setting up the connections of the hosts about to run (key exchange and authentication take the
     * better part of a host's first round trip) while the controller plans their first tasks. At most
     * {@code forks} at once, as commands are.
     */
    private void openConnections(List<HostState> batch) {
        for (HostState host : batch) {
            opener.execute(() -> {
                try {
                    connections.connect(host.name, taskRunner.connectionVars(host.name)).open();
                } catch (RuntimeException e) {
                    // a bad connection setting or an unreachable host: the first command reports it
                }
            });
        }
    }

    private void gatherFacts(PlayRun run) {
        List<HostState> targets = run.active(run.batch);
        if (targets.isEmpty()) {
            return;
        }
        bus.publish(new Event.TaskStarted("Gathering Facts", "facts", null, names(targets)));
        String script = factSource.script();
        Map<HostState, HostOutcome> outcomes = parallel("Gathering Facts", targets, host -> {
            long started = System.nanoTime();
            try {
                ExecResult result = connections.connect(host.name, taskRunner.connectionVars(host.name))
                        .exec(script, null, null, options.commandTimeout());
                if (result.exitCode() != 0) {
                    throw new MusterException("fact gathering failed (rc=" + result.exitCode() + "): " + result.stderr());
                }
                host.facts = Map.copyOf(factSource.parse(result));
                return new HostOutcome(Status.OK, "", Map.of(), Map.of());
            } catch (UnreachableException e) {
                return publishOutcome("Gathering Facts", host, new HostOutcome(Status.UNREACHABLE, e.getMessage(), Map.of(), Map.of()), started);
            } catch (RuntimeException e) {
                return publishOutcome("Gathering Facts", host, new HostOutcome(Status.FAILED, e.getMessage(), Map.of(), Map.of()), started);
            }
        }, run);
        outcomes.forEach((host, outcome) -> {
            if (outcome.status() == Status.OK) {
                bus.publish(new Event.HostResult("Gathering Facts", "setup", host.name, Status.OK, "", null, false, Map.of(), null, 0));
            } else if (outcome.status() != null) {
                account(null, host, outcome, run);
            }
        });
        checkFatal(run, run.batch);
    }

    private HostOutcome publishOutcome(String task, HostState host, HostOutcome outcome, long startedNanos) {
        bus.publish(new Event.HostResult(task, "setup", host.name, outcome.status(), outcome.message(), null, false,
                Map.of(), null, (System.nanoTime() - startedNanos) / 1_000_000));
        return outcome;
    }

    private void runSteps(List<Step> steps, PlayRun run, List<HostState> among) {
        for (Step step : steps) {
            if (run.aborted || interrupted) {
                return;
            }
            List<HostState> active = run.active(among);
            if (active.isEmpty()) {
                return;
            }
            if (step instanceof Task task) {
                runTask(task, active, run, "task");
            } else if (step instanceof Block block) {
                runBlock(block, run, active);
            } else if (step instanceof DynamicInclude include) {
                runInclude(include, run, active);
            }
        }
    }

    private void runBlock(Block block, PlayRun run, List<HostState> entering) {
        boolean rescues = !block.rescue().isEmpty();
        if (rescues) {
            run.rescueDepth++;
        }
        try {
            runSteps(block.block(), run, entering);
        } finally {
            if (rescues) {
                run.rescueDepth--;
            }
        }
        List<HostState> failedInBlock = entering.stream().filter(h -> h.failed && !h.unreachable).toList();
        if (rescues && !failedInBlock.isEmpty() && !interrupted) {
            failedInBlock.forEach(h -> h.failed = false);
            runSteps(block.rescue(), run, failedInBlock);
            for (HostState host : failedInBlock) {
                if (!host.failed && !host.unreachable) {
                    synchronized (host) {
                        host.rescued++;
                        host.failures--;
                    }
                }
            }
            checkFatal(run, entering);
        }
        if (!block.always().isEmpty() && !interrupted) {
            List<HostState> always = entering.stream().filter(h -> !h.unreachable).toList();
            Map<HostState, Boolean> wasFailed = new LinkedHashMap<>();
            always.forEach(h -> {
                wasFailed.put(h, h.failed);
                h.failed = false;
            });
            runSteps(block.always(), run, always);
            wasFailed.forEach((h, failed) -> h.failed = h.failed || failed);
        }
    }

    private void runInclude(DynamicInclude include, PlayRun run, List<HostState> active) {
        if (include.loop() != null) {
            runIncludeLoop(include, run, active);
            return;
        }
        Map<String, List<HostState>> byName = new LinkedHashMap<>();
        for (HostState host : active) {
            addByIncludedFile(include, run, host, byName);
        }
        runIncluded(include, run, byName);
    }

    /**
     * Files the host under the name its include resolves to for it, when the include's when: holds;
     * a template or condition error fails that host only.
     */
    private void addByIncludedFile(DynamicInclude include, PlayRun run, HostState host, Map<String, List<HostState>> byName) {
        try {
            LazyVars hostVars = vars.lazy(vars.raw(host, run, include.scope()));
            boolean wanted = include.when().stream().allMatch(c -> Templates.test(templating, c.text(), hostVars, c.location(), "include"));
            if (wanted) {
                String name = String.valueOf(Templates.deep(templating, include.nameTemplate(), hostVars, include.location(), "include"));
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(host);
            }
        } catch (MusterException e) {
            failHost(host, "include", e.describe());
        }
    }

    /**
     * An include with a loop: item by item, the hosts that have that item run the included tasks
     * with the loop variable set on them (at set_fact level, restored afterwards).
     */
    private void runIncludeLoop(DynamicInclude include, PlayRun run, List<HostState> active) {
        Map<HostState, List<Object>> items = new LinkedHashMap<>();
        for (HostState host : active) {
            try {
                LazyVars hostVars = vars.lazy(vars.raw(host, run, include.scope()));
                Object value = Templates.deep(templating, include.loop(), hostVars, include.location(), "include");
                if (!(value instanceof List<?> list)) {
                    throw new MusterException(include.location(), "loop needs a list, got " + value, Failure.HOST_FAILED, null);
                }
                List<Object> flat = new ArrayList<>();
                list.forEach(item -> {
                    if (include.flattenLoop() && item instanceof List<?> inner) {
                        flat.addAll(inner);
                    } else {
                        flat.add(item);
                    }
                });
                items.put(host, flat);
            } catch (MusterException e) {
                failHost(host, "include", e.describe());
            }
        }
        int longest = items.values().stream().mapToInt(List::size).max().orElse(0);
        for (int index = 0; index < longest && !interrupted && !run.aborted; index++) {
            Map<String, List<HostState>> byName = new LinkedHashMap<>();
            Map<HostState, Object> previous = new LinkedHashMap<>();
            for (Map.Entry<HostState, List<Object>> entry : items.entrySet()) {
                HostState host = entry.getKey();
                if (index >= entry.getValue().size() || !host.active()) {
                    continue;
                }
                previous.put(host, host.hostVars.get(include.loopVar()));
                host.hostVars.put(include.loopVar(), entry.getValue().get(index));
                addByIncludedFile(include, run, host, byName);
            }
            runIncluded(include, run, byName);
            previous.forEach((host, value) -> {
                if (value == null) {
                    host.hostVars.remove(include.loopVar());
                } else {
                    host.hostVars.put(include.loopVar(), value);
                }
            });
        }
    }

    private void runIncluded(DynamicInclude include, PlayRun run, Map<String, List<HostState>> byName) {
        byName.forEach((name, targets) -> {
            PlaybookLoader.Loaded loaded;
            try {
                loaded = include.kind() == DynamicInclude.Kind.ROLE
                        ? loader.loadRole(name, include.params(), include.scope(), include.location(), playbookDir)
                        : loader.loadTaskFile(TaskFiles.find(name, include.scope(), playbookDir, include.location()), include.scope(), playbookDir);
            } catch (MusterException e) {
                targets.forEach(host -> failHost(host, "include " + name, e.describe()));
                return;
            }
            loaded.handlers().stream().filter(h -> !run.handlers.contains(h)).forEach(run.handlers::add);
            runSteps(loaded.steps(), run, targets);
        });
    }

    private void failHost(HostState host, String task, String message) {
        bus.publish(new Event.HostResult(task, "include", host.name, Status.FAILED, message, null, false, Map.of(), null, 0));
        synchronized (host) {
            host.failures++;
        }
        host.failed = true;
    }

    private void runTask(Task task, List<HostState> active, PlayRun run, String kind) {
        if (!kind.equals("handler") && !tags.runs(task.tags())) {
            return;
        }
        if (task.module().equals("meta")) {
            if ("flush_handlers".equals(task.args().get("action"))) {
                flushHandlers(run);
            }
            return;
        }
        List<HostState> targets = task.runOnce() ? List.of(active.get(0)) : active;
        bus.publish(new Event.TaskStarted(task.displayName(), kind, String.valueOf(task.location()), names(targets)));
        Map<HostState, HostOutcome> outcomes = parallel(task.displayName(), targets, host -> taskRunner.run(task, host, run), run);
        if (task.runOnce() && !outcomes.isEmpty()) {
            HostState first = targets.get(0);
            for (HostState other : active) {
                if (other != first && task.register() != null && first.hostVars.get(task.register()) != null) {
                    other.hostVars.put(task.register(), first.hostVars.get(task.register()));
                }
                if (other != first) {
                    outcomes.get(first).facts().forEach(other.hostVars::put);
                }
            }
        }
        outcomes.forEach((host, outcome) -> account(task, host, outcome, run));
        checkFatal(run, run.batch);
    }

    /** Counts the result for the recap, queues handlers, and takes failed or unreachable hosts out. */
    private void account(Task task, HostState host, HostOutcome outcome, PlayRun run) {
        if (outcome.status() == null) {
            return;
        }
        synchronized (host) {
            switch (outcome.status()) {
                case OK -> host.ok++;
                case CHANGED -> {
                    host.ok++;
                    host.changed++;
                }
                case SKIPPED -> host.skipped++;
                case IGNORED -> host.ignored++;
                case FAILED -> host.failures++;
                case UNREACHABLE -> host.unreachables++;
            }
        }
        if (outcome.status() == Status.FAILED) {
            host.failed = true;
        } else if (outcome.status() == Status.UNREACHABLE) {
            host.unreachable = true;
        } else if (outcome.status() == Status.CHANGED && task != null) {
            for (String name : task.notifies()) {
                for (Task handler : run.handlers) {
                    if (name.equals(handler.name()) || handler.listen().contains(name)) {
                        host.queueHandler(handler);
                    }
                }
            }
        }
    }

    private void checkFatal(PlayRun run, List<HostState> among) {
        if (run.rescueDepth > 0) {
            return;
        }
        long failed = run.batch.stream().filter(h -> h.failed || h.unreachable).count();
        if (failed == 0) {
            return;
        }
        if (run.play.anyErrorsFatal() && run.batch.stream().anyMatch(h -> h.failed)) {
            run.aborted = true;
        }
        Integer max = run.play.maxFailPercentage();
        if (max != null && failed * 100.0 / run.batch.size() > max) {
            run.aborted = true;
        }
    }

    private void flushHandlers(PlayRun run) {
        for (Task handler : List.copyOf(run.handlers)) {
            if (run.aborted || interrupted) {
                return;
            }
            List<HostState> notified = run.batch.stream().filter(h -> h.active() && h.takeNotification(handler)).toList();
            if (!notified.isEmpty()) {
                runTask(handler, notified, run, "handler");
            }
        }
    }

    /** Runs {@code work} on every host, {@code forks} at a time, and waits for all of them. */
    private Map<HostState, HostOutcome> parallel(String name, List<HostState> targets,
                                                 java.util.function.Function<HostState, HostOutcome> work, PlayRun run) {
        Map<String, Boolean> pending = new ConcurrentHashMap<>();
        targets.forEach(h -> pending.put(h.name, Boolean.TRUE));
        running = new Running(name, System.nanoTime(), pending);
        Map<HostState, Future<HostOutcome>> futures = new LinkedHashMap<>();
        for (HostState host : targets) {
            futures.put(host, pool.submit(() -> {
                try {
                    return interrupted ? HostOutcome.notRun() : work.apply(host);
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
                interrupted = true;
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

    private void tick() {
        Running now = running;
        if (now == null) {
            return;
        }
        long elapsed = (System.nanoTime() - now.startedNanos()) / 1_000_000;
        if (elapsed >= 2000 && !now.pending().isEmpty()) {
            bus.publish(new Event.Progress(now.name(), List.copyOf(new java.util.TreeSet<>(now.pending().keySet())), elapsed));
        }
    }

    private static List<String> names(List<HostState> states) {
        return states.stream().map(h -> h.name).toList();
    }
}
