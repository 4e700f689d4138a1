package dev.muster.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node registry in PostgreSQL: registration (idempotent upsert by UUID under an advisory lock),
 * heartbeats, and the list of instances with their status computed by the database clock.
 */
public final class Registry {
    /** "muster" in ASCII, then 1: registration; see {@link SchemaMigrator#MIGRATION_LOCK}. */
    public static final long REGISTRATION_LOCK = 0x6d7573746572_0001L;

    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    /** A node's status (alive, lost, disabled) by the database's clock; also read by the admin commands. */
    public static final String STATUS_SQL = "CASE WHEN NOT enabled THEN 'disabled'"
            + " WHEN now() - heartbeat > lost_after THEN 'lost' ELSE 'alive' END";

    private final Database db;
    private final SelfDescription self;

    Registry(Database db, SelfDescription self) {
        this.db = db;
        this.self = self;
    }

    /** Thrown when another live node holds our name: two hosts were given the same node.name. */
    static final class NameTakenException extends Exception {
        NameTakenException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Inserts or refreshes this node's row. A row of another UUID holding our name is replaced when that node is
     * lost (a host reinstalled without its node-id file), so no leftover instance stays behind; while it is
     * alive, the name is refused.
     *
     * @return true when the row was created, false when it already existed (a restart)
     */
    boolean register() throws DatabaseUnavailableException, NameTakenException {
        String[] conflict = new String[1];
        Boolean created = db.call(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, REGISTRATION_LOCK);
                    lock.execute();
                }
                try (PreparedStatement q = c.prepareStatement("SELECT uuid,"
                        + " now() - heartbeat > lost_after, extract(epoch FROM now() - heartbeat) AS age FROM node_instance"
                        + " WHERE name = ? AND uuid <> ?")) {
                    q.setString(1, self.name());
                    q.setObject(2, self.uuid());
                    try (ResultSet rs = q.executeQuery()) {
                        if (rs.next()) {
                            UUID other = rs.getObject(1, UUID.class);
                            if (!rs.getBoolean(2)) {
                                conflict[0] = "node name '" + self.name() + "' is held by node " + other
                                        + " (last heartbeat " + Math.round(rs.getDouble(3)) + " s ago): two hosts have"
                                        + " the same node.name? It is taken over once that node is lost";
                                c.rollback();
                                return null;
                            }
                            try (PreparedStatement d = c.prepareStatement("DELETE FROM node_instance WHERE uuid = ?")) {
                                d.setObject(1, other);
                                d.executeUpdate();
                            }
                            LOG.warn("node name '{}' belonged to lost node {}: its row is replaced by this node {}",
                                    self.name(), other, self.uuid());
                        }
                    }
                }
                boolean inserted;
                try (PreparedStatement up = c.prepareStatement("INSERT INTO node_instance (uuid, name, version,"
                        + " capacity, cpu_cores, memory_mb, listen, heartbeat_every, lost_after)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::interval, ?::interval)"
                        + " ON CONFLICT (uuid) DO UPDATE SET name = excluded.name, version = excluded.version,"
                        + " capacity = excluded.capacity, cpu_cores = excluded.cpu_cores, memory_mb = excluded.memory_mb,"
                        + " listen = excluded.listen, heartbeat_every = excluded.heartbeat_every,"
                        + " lost_after = excluded.lost_after, heartbeat = now()"
                        + " RETURNING (xmax = 0)")) {
                    up.setObject(1, self.uuid());
                    up.setString(2, self.name());
                    up.setString(3, self.version());
                    up.setInt(4, self.capacity());
                    up.setInt(5, self.cpuCores());
                    up.setLong(6, self.memoryMb());
                    up.setString(7, self.listen());
                    up.setString(8, millis(self.heartbeatEvery()));
                    up.setString(9, millis(self.lostAfter()));
                    try (ResultSet rs = up.executeQuery()) {
                        rs.next();
                        inserted = rs.getBoolean(1);
                    }
                }
                c.commit();
                return inserted;
            } catch (SQLException e) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; Database reopens it
                }
                throw e;
            } finally {
                try {
                    c.setAutoCommit(auto);
                } catch (SQLException ignored) {
                    // as above
                }
            }
        });
        if (conflict[0] != null) {
            throw new NameTakenException(conflict[0]);
        }
        return created;
    }

    /**
     * Refreshes this node's heartbeat with the capacity it offers now ({@code offered}: 0 while it cannot take jobs);
     * false when its row is gone (deprovisioned), so the caller registers again.
     */
    boolean heartbeat(int offered) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE node_instance SET heartbeat = now(), capacity = ?, version = ? WHERE uuid = ?")) {
                up.setInt(1, offered);
                up.setString(2, self.version());
                up.setObject(3, self.uuid());
                return up.executeUpdate() == 1;
            }
        });
    }

    /** Every registered node, by name, with its status as of the database's clock. */
    List<Instance> instances() throws DatabaseUnavailableException {
        return db.call(Registry::instances);
    }

    static List<Instance> instances(Connection c) throws SQLException {
        List<Instance> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT name, uuid, heartbeat, capacity, version, "
                + STATUS_SQL + " FROM node_instance ORDER BY name");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                String status = rs.getString(6);
                out.add(new Instance(rs.getString(1), rs.getObject(2, UUID.class),
                        rs.getObject(3, OffsetDateTime.class).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                        Instance.ALIVE.equals(status) ? rs.getInt(4) : 0, rs.getString(5), status));
            }
        }
        return out;
    }

    private static String millis(Duration d) {
        return d.toMillis() + " milliseconds";
    }
}
