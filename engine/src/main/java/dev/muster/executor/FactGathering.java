package dev.muster.executor;

import dev.muster.connection.Connection;
import dev.muster.connection.ExecResult;
import dev.muster.connection.UnreachableException;
import dev.muster.error.MusterException;
import dev.muster.report.Event;
import dev.muster.report.EventBus;
import dev.muster.report.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The "Gathering Facts" step of a play: one round trip per host, whose facts the host keeps for the rest of the run. */
final class FactGathering {

    private static final String STEP = "Gathering Facts";

    private final FactSource source;
    private final BiFunction<String, String, Connection> connect;
    private final ForkPool forks;
    private final HostAccounting accounting;
    private final EventBus bus;
    private final Duration commandTimeout;

    FactGathering(FactSource source, BiFunction<String, String, Connection> connect, ForkPool forks,
                  HostAccounting accounting, EventBus bus, Duration commandTimeout) {
        this.source = source;
        this.connect = connect;
        this.forks = forks;
        this.accounting = accounting;
        this.bus = bus;
        this.commandTimeout = commandTimeout;
    }

    void gather(PlayRun run) {
        List<HostState> targets = run.active(run.batch);
        if (targets.isEmpty()) {
            return;
        }
        bus.publish(new Event.TaskStarted(STEP, "facts", null, LinearStrategy.names(targets)));
        String script = source.script();
        Map<HostState, HostOutcome> outcomes = forks.onEach(STEP, targets, host -> {
            long started = System.nanoTime();
            try {
                ExecResult result = connect.apply(host.name, run.play.scope().remoteUser()).exec(script, null, null, commandTimeout);
                if (result.exitCode() != 0) {
                    throw new MusterException("fact gathering failed (rc=" + result.exitCode() + "): " + result.stderr());
                }
                host.facts = Map.copyOf(source.parse(result));
                return new HostOutcome(Status.OK, "", Map.of(), Map.of());
            } catch (UnreachableException e) {
                return published(host, new HostOutcome(Status.UNREACHABLE, e.getMessage(), Map.of(), Map.of()), started);
            } catch (RuntimeException e) {
                return published(host, new HostOutcome(Status.FAILED, e.getMessage(), Map.of(), Map.of()), started);
            }
        });
        outcomes.forEach((host, outcome) -> {
            if (outcome.status() == Status.OK) {
                bus.publish(new Event.HostResult(STEP, "setup", host.name, Status.OK, "", null, false, Map.of(), null, 0));
            } else if (outcome.status() != null) {
                accounting.account(null, host, outcome, run);
            }
        });
        accounting.checkFatal(run);
    }

    private HostOutcome published(HostState host, HostOutcome outcome, long startedNanos) {
        bus.publish(new Event.HostResult(STEP, "setup", host.name, outcome.status(), outcome.message(), null, false,
                Map.of(), null, (System.nanoTime() - startedNanos) / 1_000_000));
        return outcome;
    }
}
