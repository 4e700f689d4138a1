package dev.muster.node.job;

import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run with every heartbeat: fails the jobs still marked running on a node that is lost (or no longer registered),
 * with the reason "node X lost while running the job". Every node runs it; the UPDATE is conditional, so they
 * never disagree. A lost node that comes back does not resume them (its runner's final UPDATE no longer matches).
 */
public final class LostJobReaper implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(LostJobReaper.class);

    private final JobStore jobs;

    public LostJobReaper(JobStore jobs) {
        this.jobs = jobs;
    }

    @Override
    public void run() {
        try {
            int failed = jobs.failJobsOfLostNodes();
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
