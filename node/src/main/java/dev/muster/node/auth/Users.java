package dev.muster.node.auth;

import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The api_user table: a user's id and password hash, and the upsert of a new hash. */
public final class Users {
    private final Database db;

    public Users(Database db) {
        this.db = db;
    }

    public record User(long id, String username, String passwordHash) {
    }

    /** The user, or null. */
    public User find(String username) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, username, password_hash FROM api_user WHERE username = ?")) {
                st.setString(1, username);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new User(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
                }
            }
        });
    }

    /** Creates the user or replaces its hash. */
    public void setPasswordHash(String username, String hash) throws DatabaseUnavailableException {
        db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO api_user (username, password_hash) VALUES (?, ?)"
                    + " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, updated = now()")) {
                st.setString(1, username);
                st.setString(2, hash);
                return st.executeUpdate();
            }
        });
    }
}
