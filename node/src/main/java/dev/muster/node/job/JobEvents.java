package dev.muster.node.job;

import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Reads a job's events in pages, in order, as JSON text straight from PostgreSQL (never parsed here). A page is
 * {@code complete} when the job had reached a final state before the page was read and the page holds the last
 * event: the runner writes every event before it records the final state.
 */
public final class JobEvents {
    private final Database db;

    public JobEvents(Database db) {
        this.db = db;
    }

    /** The page's JSON: {"events": [...], "next": SEQ, "complete": bool}; null for an unknown job. */
    public String page(long jobId, long after, int limit) throws DatabaseUnavailableException {
        return db.call(c -> {
            String status;
            try (PreparedStatement st = c.prepareStatement("SELECT status FROM job WHERE id = ?")) {
                st.setLong(1, jobId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    status = rs.getString(1);
                }
            }
            boolean finalBefore = !JobStore.PENDING.equals(status) && !JobStore.RUNNING.equals(status);
            StringBuilder out = new StringBuilder(8192).append("{\"events\":[");
            long next = after;
            int n = 0;
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT seq, event::text FROM job_event WHERE job_id = ? AND seq > ? ORDER BY seq LIMIT ?")) {
                st.setFetchSize(1000);
                st.setLong(1, jobId);
                st.setLong(2, after);
                st.setInt(3, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (n++ > 0) {
                            out.append(',');
                        }
                        next = rs.getLong(1);
                        out.append(rs.getString(2));
                    }
                }
            }
            boolean complete = finalBefore && n < limit;
            return out.append("],\"next\":").append(next).append(",\"complete\":").append(complete).append('}').toString();
        });
    }
}
