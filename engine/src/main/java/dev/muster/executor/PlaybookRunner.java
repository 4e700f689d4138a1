package dev.muster.executor;

import dev.muster.connection.ConnectionFactory;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.ModuleCatalog;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.PlaybookLoader;
import dev.muster.playbook.Step;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.template.Templating;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a playbook: play after play, batch after batch (serial), each batch's facts, then its sections (pre_tasks,
 * roles and tasks, post_tasks) with their handlers flushed after each; the recap at the end. The parts: the
 * {@link BlockWalker} walks the steps, the {@link LinearStrategy} runs each task on the batch's hosts through the
 * {@link ForkPool}, the {@link IncludeExpander} expands includes, {@link FactGathering} gathers facts, and
 * {@link TaskRunner} runs one task on one host. Hosts that fail or cannot be reached leave the play.
 */
public final class PlaybookRunner {

    private final Playbook playbook;
    private final Inventory inventory;
    private final EventBus bus;
    private final RunOptions options;
    private final RunHosts hosts;
    private final Interruption interruption = new Interruption();
    private final HostSessions sessions = new HostSessions();
    private final RemoteExecution remote;
    private final ForkPool forks;
    private final FactGathering facts;
    private final LinearStrategy strategy;
    private final BlockWalker walker;
    /** A play was stopped by any_errors_fatal or max_fail_percentage: the playbook ends there. */
    private boolean stopped;

    public PlaybookRunner(Playbook playbook, Inventory inventory, ModuleCatalog modules, Templating templating, FactSource factSource,
                          ConnectionFactory connections, PlaybookLoader loader, EventBus bus, RunOptions options) {
        this.playbook = playbook;
        RunInventory runInventory = new RunInventory(inventory); // add_host and group_by change it, in memory
        this.inventory = runInventory;
        this.bus = bus;
        this.options = options;
        this.hosts = new RunHosts(runInventory);
        Path playbookDir = playbook.file().toAbsolutePath().normalize().getParent();
        VarsAssembler vars = new VarsAssembler(runInventory, templating, options.defaultVars(), options.extraVars(), hosts::get,
                options.check(), options.diff(), String.valueOf(playbookDir));
        this.remote = new RemoteExecution(templating, connections, sessions, vars, hosts::get, bus, options);
        TaskRunner taskRunner = new TaskRunner(modules, templating, vars, remote, bus, options, playbookDir, interruption,
                new InventoryChanges(runInventory, hosts));
        this.forks = new ForkPool(options.forks(), bus, interruption);
        HostAccounting accounting = new HostAccounting(bus);
        this.facts = new FactGathering(factSource, remote::connect, forks, accounting, bus, options.commandTimeout());
        this.strategy = new LinearStrategy(new TagFilter(options.tags(), options.skipTags()), taskRunner, forks, accounting, bus, interruption);
        this.walker = new BlockWalker(strategy, new IncludeExpander(vars, templating, loader, playbookDir, accounting, interruption),
                accounting, interruption);
    }

    /** Stops scheduling new work: running commands end (or time out), then the recap is printed. */
    public void interrupt() {
        interruption.request();
    }

    /** Runs every play, publishes the recap and returns it (unmasked: the recap holds counts, no values). */
    public Event.Recap run() {
        long started = System.nanoTime();
        bus.publish(new Event.PlaybookStarted(String.valueOf(playbook.file()), options.check(), options.forks()));
        forks.reportProgress();
        try {
            for (Play play : playbook.plays()) {
                if (interruption.requested() || stopped) {
                    break;
                }
                runPlay(play);
            }
        } finally {
            forks.close();
            sessions.close();
        }
        Event.Recap done = new Event.Recap(hosts.stats(), (System.nanoTime() - started) / 1_000_000,
                hosts.outcome(interruption.requested()));
        bus.publish(done);
        return done;
    }

    private void runPlay(Play play) {
        List<String> names = new ArrayList<>(RunHosts.targetedBy(play, inventory, options.limit()));
        names.removeIf(name -> !hosts.get(name).active());
        bus.publish(new Event.PlayStarted(play.displayName(), names));
        if (names.isEmpty()) {
            bus.publish(new Event.Warning("no hosts matched '" + play.hosts() + "'" + (options.limit() == null ? "" : " with --limit " + options.limit())));
            return;
        }
        hosts.touch(names);
        for (List<String> batchNames : Batches.split(names, play.serial())) {
            if (interruption.requested()) {
                return;
            }
            List<HostState> batch = batchNames.stream().map(hosts::get).toList();
            forks.openAhead(batch, host -> openQuietly(host, play.scope().remoteUser()));
            PlayRun run = new PlayRun(play, batch, names);
            if (play.gatherFacts()) {
                facts.gather(run);
            }
            for (List<Step> section : List.of(play.preTasks(), play.tasks(), play.postTasks())) {
                walker.runSteps(section, run, batch);
                if (!run.aborted && !run.ended && !interruption.requested()) {
                    strategy.flushHandlers(run);
                }
            }
            batch.forEach(h -> h.ended = false); // end_host and end_batch end this batch of this play only
            if (run.ended) {
                return;
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

    private void openQuietly(HostState host, String remoteUser) {
        try {
            remote.connect(host.name, remoteUser).open();
        } catch (RuntimeException e) {
            // a bad connection setting or an unreachable host: the first command reports it
        }
    }
}
