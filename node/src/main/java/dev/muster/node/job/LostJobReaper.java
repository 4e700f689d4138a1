package dev.muster.node.job;

import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run with every heartbeat: fails the jobs still marked running on a node that is lost (or no longer registered),
 * with the reason "node X lost while running the job". Every node runs it; the UPDATE is conditional, so they
 * never disagree. A lost node that comes back does not resume them (its runner's final UPDATE no longer matches).
 * <p>
 * It judges only once this node has reached the database without a fault for a whole lost window: while the
 * database is away (its host restarted) no node can beat, so right after it returns every heartbeat is stale and
 * every running job would be failed as lost, on nodes that are alive and still running them. One lost window after
 * the database returned, every live node has beaten again.
 */
public final class LostJobReaper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LostJobReaper.class);

    /** The sweep: fails the jobs of lost nodes and returns how many. */
    @FunctionalInterface
    public interface Sweep {
        int failJobsOfLostNodes() throws DatabaseUnavailableException;
    }

    private final Sweep sweep;
    private final Supplier<Duration> databaseReachableFor;
    private final Duration lostAfter;
    private boolean waitingReported;

    public LostJobReaper(Sweep sweep, Supplier<Duration> databaseReachableFor, Duration lostAfter) {
        this.sweep = sweep;
        this.databaseReachableFor = databaseReachableFor;
        this.lostAfter = lostAfter;
    }

    @Override
    public void run() {
        try {
            if (databaseReachableFor.get().compareTo(lostAfter) < 0) {
                if (!waitingReported) {
                    LOG.info("lost-job sweep waits until the database has answered for {} (every live node beats again)",
                            lostAfter);
                    waitingReported = true;
                }
                return;
            }
            waitingReported = false;
            int failed = sweep.failJobsOfLostNodes();
            if (failed > 0) {
                LOG.warn("failed {} job(s) that were running on lost nodes", failed);
            }
        } catch (DatabaseUnavailableException e) {
            LOG.debug("lost-job sweep skipped: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("lost-job sweep failed: {}", OneLine.of(e));
        }
    }
}
