package dev.muster.node.project;

import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The project, project_revision and project_sync tables. */
public final class ProjectStore {
    private final Database db;

    public ProjectStore(Database db) {
        this.db = db;
    }

    /** @param revision the current revision, or null before the first successful update */
    public record Project(long id, String name, String revision, String created, String updated) {
    }

    private static final String COLUMNS = "id, name, revision, created::text, updated::text";

    private static Project project(ResultSet rs) throws java.sql.SQLException {
        return new Project(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    /** Creates the project unless it exists; true when created. */
    public boolean create(String name) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO project (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
                st.setString(1, name);
                return st.executeUpdate() == 1;
            }
        });
    }

    public Project find(String name) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM project WHERE name = ?")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? project(rs) : null;
                }
            }
        });
    }

    public List<Project> list() throws DatabaseUnavailableException {
        return db.call(c -> {
            List<Project> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM project ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(project(rs));
                }
            }
            return out;
        });
    }

    /** Stores an archive as a revision (kept once: the revision is its SHA-256) and forgets earlier answers to it. */
    public void saveRevision(long projectId, String revision, byte[] archive) throws DatabaseUnavailableException {
        db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO project_revision (project_id, revision, sha256, archive)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                st.setLong(1, projectId);
                st.setString(2, revision);
                st.setString(3, revision);
                st.setBytes(4, archive);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("DELETE FROM project_sync WHERE project_id = ? AND revision = ?")) {
                st.setLong(1, projectId);
                st.setString(2, revision);
                st.executeUpdate();
            }
            return null;
        });
    }

    /** The archive of a revision, or null. */
    public byte[] archive(long projectId, String revision) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT archive FROM project_revision WHERE project_id = ? AND revision = ?")) {
                st.setLong(1, projectId);
                st.setString(2, revision);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getBytes(1) : null;
                }
            }
        });
    }

    public void recordSync(long projectId, String revision, String node, String error) throws DatabaseUnavailableException {
        db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO project_sync (project_id, revision, node, ok, error)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (project_id, revision, node) DO UPDATE SET ok = excluded.ok,"
                    + " error = excluded.error, at = now()")) {
                st.setLong(1, projectId);
                st.setString(2, revision);
                st.setString(3, node);
                st.setBoolean(4, error == null);
                st.setString(5, error);
                return st.executeUpdate();
            }
        });
    }

    /** Each node's answer so far: "ok" or its error. */
    public Map<String, String> syncResults(long projectId, String revision) throws DatabaseUnavailableException {
        return db.call(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            try (PreparedStatement st = c.prepareStatement("SELECT node, ok, error FROM project_sync"
                    + " WHERE project_id = ? AND revision = ? ORDER BY node")) {
                st.setLong(1, projectId);
                st.setString(2, revision);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getBoolean(2) ? "ok" : rs.getString(3));
                    }
                }
            }
            return out;
        });
    }

    public void setRevision(long projectId, String revision) throws DatabaseUnavailableException {
        db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE project SET revision = ?, updated = now() WHERE id = ?")) {
                st.setString(1, revision);
                st.setLong(2, projectId);
                return st.executeUpdate();
            }
        });
    }
}
