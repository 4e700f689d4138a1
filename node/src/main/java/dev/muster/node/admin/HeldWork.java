package dev.muster.node.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The work a deprovisioned node still held, failed with the reason in the deprovision's own transaction, so
 * that nothing stays "running" on a node that no longer exists (Tower left such jobs behind).
 * <p>
 * This version of the schema has no job queue (jobs arrive with their own issue): there is no table that could
 * hold work, so there is nothing to fail and nothing is created here. The job queue's change fills in
 * {@link #failHeldBy} (an UPDATE of the node's unfinished jobs to failed, with {@code reason}) and
 * {@link #exists} (its table), and the deprovision path already calls both and reports the count.
 */
final class HeldWork {
    /** The job queue's table, once it exists. */
    static final String TABLE = "job";

    private HeldWork() {
    }

    /** Whether this database has a job queue at all. */
    static boolean exists(Connection c) throws SQLException {
        return RegistryAdmin.tableExists(c, TABLE);
    }

    /**
     * Fails the unfinished work of the node {@code name}/{@code uuid} with {@code reason}; returns how many items.
     * Today: 0, as no table holds work.
     */
    static int failHeldBy(Connection c, String name, UUID uuid, String reason) throws SQLException {
        if (!exists(c)) {
            return 0;
        }
        throw new SQLException("a '" + TABLE + "' table exists but HeldWork does not know how to fail its rows yet:"
                + " the job queue's change must teach it (nothing was deprovisioned)");
    }
}
