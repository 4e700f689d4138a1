package dev.muster.node.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The work a deprovisioned node still held, failed with the reason in the deprovision's own transaction, so
 * that nothing stays "running" on a node that no longer exists (Tower left such jobs behind). Pending jobs are
 * held by the queue, not by a node: they run elsewhere.
 */
final class HeldWork {
    /** The job queue's table. */
    static final String TABLE = "job";

    private HeldWork() {
    }

    /** Whether this database has a job queue at all (it has, once the node's schema is at version 2). */
    static boolean exists(Connection c) throws SQLException {
        return RegistryAdmin.tableExists(c, TABLE);
    }

    /** Fails the running jobs of the node {@code name} with {@code reason}; returns how many. */
    static int failHeldBy(Connection c, String name, UUID uuid, String reason) throws SQLException {
        if (!exists(c)) {
            return 0;
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE " + TABLE + " SET status = 'failed', finished = now(),"
                + " reason = ? WHERE status = 'running' AND node = ?")) {
            st.setString(1, reason);
            st.setString(2, name);
            return st.executeUpdate();
        }
    }
}
