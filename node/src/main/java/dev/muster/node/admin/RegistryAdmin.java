package dev.muster.node.admin;

import dev.muster.node.Registry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's changes to the node registry: deprovision (one transaction under the registration lock, so it
 * is serialised with every node's registration and with a second deprovision), disable/enable, and the list.
 * <p>
 * A deprovisioned node leaves a tombstone (its UUID in {@code node_deprovisioned}) and a trigger on
 * {@code node_instance} refuses to register that UUID again: a dead host that comes back later, or one the
 * installer could not reach, does not rejoin the registry by itself. A host made a node again by setup gets
 * a new UUID (deprovisioning wipes the old one from the host) and registers normally.
 */
public final class RegistryAdmin {

    /** What {@link #deprovision} found and did. */
    public enum Outcome { DEPROVISIONED, ALREADY, UNKNOWN, LAST }

    /** The result of a deprovision: {@code registered} lists the names still registered. */
    public record Deprovision(Outcome outcome, String name, UUID uuid, String at, int workFailed, boolean workQueue,
                              List<String> registered) {
    }

    /** One registry row as the operator sees it. */
    public record Node(String name, UUID uuid, String status, boolean enabled, int capacity, int configuredCapacity,
                       String heartbeat, double heartbeatAgeSeconds, String version, String listen, int cpuCores,
                       long memoryMb, String registeredAt) {
    }

    /** A node removed from the registry. */
    public record Tombstone(String name, UUID uuid, String at, String reason) {
    }

    static final String TOMBSTONES = "node_deprovisioned";
    static final String TRIGGER = "node_instance_not_deprovisioned";

    private RegistryAdmin() {
    }

    /**
     * Removes {@code name} from the registry, fails the work it held with {@code reason}, and records its UUID so
     * that it cannot register again. Refuses (changing nothing) an unknown name or the last registered node; a
     * name already deprovisioned (and not registered again since) is {@link Outcome#ALREADY}.
     */
    public static Deprovision deprovision(Connection c, String name, String reason) throws SQLException {
        return inTransaction(c, () -> {
            lock(c);
            ensureTombstones(c);
            List<String> registered = names(c);
            UUID uuid = null;
            try (PreparedStatement q = c.prepareStatement("SELECT uuid FROM node_instance WHERE name = ? FOR UPDATE")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        uuid = rs.getObject(1, UUID.class);
                    }
                }
            }
            if (uuid == null) {
                Tombstone gone = tombstones(c).stream().filter(t -> t.name().equals(name)).reduce((a, b) -> b).orElse(null);
                return gone != null
                        ? new Deprovision(Outcome.ALREADY, name, gone.uuid(), gone.at(), 0, HeldWork.exists(c), registered)
                        : new Deprovision(Outcome.UNKNOWN, name, null, null, 0, HeldWork.exists(c), registered);
            }
            if (registered.size() <= 1) {
                return new Deprovision(Outcome.LAST, name, uuid, null, 0, HeldWork.exists(c), registered);
            }
            int failed = HeldWork.failHeldBy(c, name, uuid, reason);
            String at;
            try (PreparedStatement t = c.prepareStatement("INSERT INTO " + TOMBSTONES + " (uuid, name, reason) VALUES (?, ?, ?)"
                    + " ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, reason = excluded.reason, deprovisioned_at = now()"
                    + " RETURNING deprovisioned_at::text")) {
                t.setObject(1, uuid);
                t.setString(2, name);
                t.setString(3, reason);
                try (ResultSet rs = t.executeQuery()) {
                    rs.next();
                    at = rs.getString(1);
                }
            }
            try (PreparedStatement d = c.prepareStatement("DELETE FROM node_instance WHERE uuid = ?")) {
                d.setObject(1, uuid);
                d.executeUpdate();
            }
            List<String> left = new ArrayList<>(registered);
            left.remove(name);
            return new Deprovision(Outcome.DEPROVISIONED, name, uuid, at, failed, HeldWork.exists(c), left);
        });
    }

    /**
     * Sets a node's {@code enabled} flag: false drains it (capacity 0, no new work, still a member).
     *
     * @return the previous value, or null when no node of that name is registered
     */
    public static Boolean setEnabled(Connection c, String name, boolean enabled) throws SQLException {
        return inTransaction(c, () -> {
            Boolean before = null;
            try (PreparedStatement q = c.prepareStatement("SELECT enabled FROM node_instance WHERE name = ? FOR UPDATE")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        before = rs.getBoolean(1);
                    }
                }
            }
            if (before != null && before != enabled) {
                try (PreparedStatement u = c.prepareStatement("UPDATE node_instance SET enabled = ? WHERE name = ?")) {
                    u.setBoolean(1, enabled);
                    u.setString(2, name);
                    u.executeUpdate();
                }
            }
            return before;
        });
    }

    /** Every registered node with its status by the database's clock (the same rule as the nodes' own). */
    public static List<Node> nodes(Connection c) throws SQLException {
        List<Node> out = new ArrayList<>();
        if (!tableExists(c, "node_instance")) {
            return out;
        }
        String status = Registry.STATUS_SQL;
        try (PreparedStatement q = c.prepareStatement("SELECT name, uuid, " + status + ", enabled, capacity,"
                + " heartbeat::text, extract(epoch FROM now() - heartbeat), version, listen, cpu_cores, memory_mb,"
                + " registered_at::text FROM node_instance ORDER BY name");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String s = rs.getString(3);
                int configured = rs.getInt(5);
                out.add(new Node(rs.getString(1), rs.getObject(2, UUID.class), s, rs.getBoolean(4),
                        "alive".equals(s) ? configured : 0, configured, rs.getString(6),
                        Math.round(rs.getDouble(7) * 10) / 10.0, rs.getString(8), rs.getString(9), rs.getInt(10),
                        rs.getLong(11), rs.getString(12)));
            }
        }
        return out;
    }

    /** Nodes deprovisioned so far, oldest first (none before the first deprovision). */
    public static List<Tombstone> tombstones(Connection c) throws SQLException {
        List<Tombstone> out = new ArrayList<>();
        if (!tableExists(c, TOMBSTONES)) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT name, uuid, deprovisioned_at::text, reason FROM " + TOMBSTONES
                + " ORDER BY deprovisioned_at, name");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Tombstone(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    /** The tombstone of this UUID, or null: a node that was deprovisioned must not start again with it. */
    public static Tombstone tombstoneOf(Connection c, UUID uuid) throws SQLException {
        if (!tableExists(c, TOMBSTONES)) {
            return null;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT name, uuid, deprovisioned_at::text, reason FROM " + TOMBSTONES
                + " WHERE uuid = ?")) {
            q.setObject(1, uuid);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? new Tombstone(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)) : null;
            }
        }
    }

    /**
     * The tombstone table and the trigger that refuses a tombstoned UUID in node_instance (also the heartbeat's
     * re-registration of a node that kept running where the installer could not reach it). Created on the first
     * deprovision, under the registration lock.
     */
    private static void ensureTombstones(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + TOMBSTONES + " ("
                    + " uuid uuid PRIMARY KEY,"
                    + " name text NOT NULL,"
                    + " deprovisioned_at timestamptz NOT NULL DEFAULT now(),"
                    + " reason text NOT NULL)");
            st.execute("CREATE OR REPLACE FUNCTION muster_refuse_deprovisioned() RETURNS trigger LANGUAGE plpgsql AS $f$"
                    + " BEGIN"
                    + "  IF EXISTS (SELECT 1 FROM " + TOMBSTONES + " WHERE uuid = NEW.uuid) THEN"
                    + "   RAISE EXCEPTION 'node % (%) was deprovisioned and does not rejoin by itself', NEW.name, NEW.uuid"
                    + "    USING HINT = 'run ./manage deprovision-node ' || NEW.name || ' again while the host is reachable"
                    + " (it wipes its old state), then add it to the inventory and run setup';"
                    + "  END IF;"
                    + "  RETURN NEW;"
                    + " END $f$");
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_trigger WHERE tgname = '" + TRIGGER + "'"
                    + " AND tgrelid = 'node_instance'::regclass")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE TRIGGER " + TRIGGER + " BEFORE INSERT ON node_instance FOR EACH ROW"
                    + " EXECUTE FUNCTION muster_refuse_deprovisioned()");
        }
    }

    private static List<String> names(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM node_instance ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            q.setString(1, table);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void lock(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, Registry.REGISTRATION_LOCK);
            lock.execute();
        }
    }

    @FunctionalInterface
    private interface Body<T> {
        T run() throws SQLException;
    }

    /** Runs body in one transaction: committed when it returns, rolled back when it throws. */
    private static <T> T inTransaction(Connection c, Body<T> body) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = body.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is broken: nothing was committed
            }
            throw e;
        } finally {
            try {
                c.setAutoCommit(auto);
            } catch (SQLException ignored) {
                // as above
            }
        }
    }

    /** The node as JSON-friendly fields (snake_case, as /api/v1/ping). */
    static Map<String, Object> json(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.name());
        m.put("uuid", n.uuid().toString());
        m.put("status", n.status());
        m.put("enabled", n.enabled());
        m.put("capacity", n.capacity());
        m.put("configured_capacity", n.configuredCapacity());
        m.put("heartbeat", n.heartbeat());
        m.put("heartbeat_age_s", n.heartbeatAgeSeconds());
        m.put("version", n.version());
        m.put("listen", n.listen());
        m.put("cpu_cores", n.cpuCores());
        m.put("memory_mb", n.memoryMb());
        m.put("registered_at", n.registeredAt());
        return m;
    }

    static Map<String, Object> json(Tombstone t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", t.name());
        m.put("uuid", t.uuid().toString());
        m.put("deprovisioned_at", t.at());
        m.put("reason", t.reason());
        return m;
    }
}
