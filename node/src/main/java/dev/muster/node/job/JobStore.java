package dev.muster.node.job;

import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job table: launch, claim, finish, cancel, and the reads the API and the dispatcher need. Every change of
 * status is one conditional UPDATE, so two nodes (or a node and the API) never both win a transition.
 */
public final class JobStore {
    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String SUCCESSFUL = "successful";
    public static final String FAILED = "failed";
    public static final String ERROR = "error";
    public static final String CANCELED = "canceled";

    private final Database db;

    public JobStore(Database db) {
        this.db = db;
    }

    /** What a launch asks for, checked by the API before it is stored. */
    public record Launch(long projectId, String revision, String playbook, long inventoryId, Long credentialId,
                         String extraVarsJson, String limit, String tags, boolean check) {
    }

    /** What a node needs to run a claimed job. */
    public record Claimed(long id, String project, long projectId, String revision, String playbook, long inventoryId,
                          Long credentialId, String extraVarsJson, String limit, String tags, boolean check,
                          boolean cancelRequested) {
    }

    public long create(Launch l) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO job (project_id, revision, playbook, inventory_id,"
                    + " credential_id, extra_vars, job_limit, job_tags, check_mode) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
                    + " RETURNING id")) {
                st.setLong(1, l.projectId());
                st.setString(2, l.revision());
                st.setString(3, l.playbook());
                st.setLong(4, l.inventoryId());
                if (l.credentialId() == null) {
                    st.setNull(5, Types.BIGINT);
                } else {
                    st.setLong(5, l.credentialId());
                }
                st.setString(6, l.extraVarsJson());
                st.setString(7, l.limit());
                st.setString(8, l.tags());
                st.setBoolean(9, l.check());
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Takes a pending job for {@code node}; null when it is not pending (taken, canceled, finished). */
    public Claimed claim(long id, String node) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE job j SET status = 'running', node = ?, started = now()"
                    + " FROM project p WHERE j.id = ? AND j.status = 'pending' AND p.id = j.project_id"
                    + " RETURNING j.id, p.name, p.id, j.revision, j.playbook, j.inventory_id, j.credential_id,"
                    + " j.extra_vars::text, j.job_limit, j.job_tags, j.check_mode, j.cancel_requested")) {
                st.setString(1, node);
                st.setLong(2, id);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long cred = rs.getLong(7);
                    Long credential = rs.wasNull() ? null : cred;
                    return new Claimed(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6), credential, rs.getString(8), rs.getString(9), rs.getString(10),
                            rs.getBoolean(11), rs.getBoolean(12));
                }
            }
        });
    }

    /** A job's status and node, and whether that node is lost by the registry; null for an unknown id. */
    public record State(String status, String node, boolean nodeLost) {
    }

    public State state(long id) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT j.status, j.node, coalesce(n.lost, true)"
                    + " FROM job j LEFT JOIN (SELECT name, " + LOST + " AS lost FROM node_instance) n"
                    + " ON n.name = j.node WHERE j.id = ?")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new State(rs.getString(1), rs.getString(2), rs.getBoolean(3)) : null;
                }
            }
        });
    }

    /** Ends a running job of this node; false when it was no longer running here (failed as lost meanwhile). */
    public boolean finish(long id, String node, String status, Integer exitCode, String reason)
            throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE job SET status = ?, exit_code = ?, reason = ?,"
                    + " finished = now() WHERE id = ? AND status = 'running' AND node = ?")) {
                st.setString(1, status);
                if (exitCode == null) {
                    st.setNull(2, Types.INTEGER);
                } else {
                    st.setInt(2, exitCode);
                }
                st.setString(3, reason);
                st.setLong(4, id);
                st.setString(5, node);
                return st.executeUpdate() == 1;
            }
        });
    }

    /** Fails one job running on a lost node; false when it is not running there any more. */
    public boolean failLost(long id, String node) throws DatabaseUnavailableException {
        return db.call(c -> failRunningOn(c, "id = ? AND node = ?", id, node) == 1);
    }

    /** Fails every job running on a lost node (the heartbeat loop's sweep); returns how many. */
    public int failJobsOfLostNodes() throws DatabaseUnavailableException {
        return db.call(c -> failRunningOn(c, "node IN (SELECT name FROM node_instance WHERE " + LOST + ")"
                + " OR node NOT IN (SELECT name FROM node_instance)"));
    }

    /** Lost by the database's clock, as the registry judges it (a disabled node that stopped is lost too). */
    /** At start: jobs this node held before it stopped cannot be running any more; returns how many were failed. */
    public int failLeftBy(String node) throws DatabaseUnavailableException {
        return db.call(c -> failRunningOn(c, "node = ?", node));
    }

    private static final String LOST = "now() - heartbeat > lost_after";

    private static int failRunningOn(Connection c, String where, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE job SET status = 'failed', finished = now(),"
                + " reason = 'node ' || node || ' lost while running the job' WHERE status = 'running' AND (" + where + ")")) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            return st.executeUpdate();
        }
    }

    /** Marks a pending job canceled (true), else asks for the cancel of a running one (false). */
    public String cancel(long id) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE job SET status = CASE WHEN status = 'pending'"
                    + " THEN 'canceled' ELSE status END, finished = CASE WHEN status = 'pending' THEN now() ELSE finished END,"
                    + " reason = CASE WHEN status = 'pending' THEN 'canceled before it started' ELSE reason END,"
                    + " cancel_requested = true WHERE id = ? RETURNING status")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    public boolean cancelRequested(long id) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT cancel_requested FROM job WHERE id = ?")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /** A launch whose message could not be queued: it ends at once as error, never left pending. */
    public void abandon(long id, String reason) throws DatabaseUnavailableException {
        db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE job SET status = 'error', reason = ?, finished = now()"
                    + " WHERE id = ? AND status = 'pending'")) {
                st.setString(1, reason);
                st.setLong(2, id);
                return st.executeUpdate();
            }
        });
    }

    private static final String VIEW = "SELECT j.id, j.status, j.node, p.name, j.revision, j.playbook, i.name, cr.name,"
            + " j.created, j.started, j.finished, j.exit_code, j.reason, j.job_limit, j.job_tags,"
            + " j.check_mode FROM job j JOIN project p ON p.id = j.project_id JOIN inventory i ON i.id = j.inventory_id"
            + " LEFT JOIN credential cr ON cr.id = j.credential_id";

    /** The job as the API shows it, or null. */
    public Map<String, Object> view(long id) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement(VIEW + " WHERE j.id = ?")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? view(rs) : null;
                }
            }
        });
    }

    /** The most recent jobs first. */
    public List<Map<String, Object>> recent(int limit) throws DatabaseUnavailableException {
        return db.call(c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement(VIEW + " ORDER BY j.id DESC LIMIT ?")) {
                st.setInt(1, limit);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(view(rs));
                    }
                }
            }
            return out;
        });
    }

    private static Map<String, Object> view(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong(1));
        m.put("status", rs.getString(2));
        m.put("node", rs.getString(3));
        m.put("project", rs.getString(4));
        m.put("revision", rs.getString(5));
        m.put("playbook", rs.getString(6));
        m.put("inventory", rs.getString(7));
        m.put("credential", rs.getString(8));
        m.put("created", iso(rs, 9));
        m.put("started", iso(rs, 10));
        m.put("finished", iso(rs, 11));
        int exit = rs.getInt(12);
        m.put("exit_code", rs.wasNull() ? null : exit);
        m.put("reason", rs.getString(13));
        m.put("limit", rs.getString(14));
        m.put("tags", rs.getString(15));
        m.put("check", rs.getBoolean(16));
        return m;
    }

    private static String iso(ResultSet rs, int column) throws SQLException {
        java.time.OffsetDateTime t = rs.getObject(column, java.time.OffsetDateTime.class);
        return t == null ? null : t.toInstant().toString();
    }

    /** Jobs waiting in the queue (pending), cluster-wide. */
    public static int queued(Connection c) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT count(*) FROM job WHERE status = 'pending'");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Jobs running on each node, by node name. */
    public static Map<String, Integer> runningByNode(Connection c) throws SQLException {
        Map<String, Integer> out = new LinkedHashMap<>();
        try (PreparedStatement st = c.prepareStatement("SELECT node, count(*) FROM job WHERE status = 'running' GROUP BY node");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getInt(2));
            }
        }
        return out;
    }
}
