package dev.muster.node.credential;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The credential table. Secrets (SSH key, become password) go in and come out only through the cipher; the
 * listing shows name, user and id, never a secret.
 */
public final class CredentialStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database db;
    private final CredentialCipher cipher;

    /** @param cipher null when this node has no cluster key: saving and reading secrets then fail with the reason */
    public CredentialStore(Database db, CredentialCipher cipher) {
        this.db = db;
        this.cipher = cipher;
    }

    public record Summary(long id, String name, String username) {
    }

    /** What a job needs: the user, the SSH key (PEM, or null) and the become password (or null). */
    public record Secret(String username, String sshKey, String becomePassword) {
        @Override
        public String toString() {
            return "Secret[" + username + "]";
        }
    }

    public boolean hasKey() {
        return cipher != null;
    }

    /** Creates or replaces; true when created. */
    public boolean save(String name, String username, String sshKey, String becomePassword)
            throws DatabaseUnavailableException {
        requireKey();
        Map<String, String> secret = new LinkedHashMap<>();
        secret.put("ssh_key", sshKey);
        secret.put("become_password", becomePassword);
        byte[] sealed;
        try {
            sealed = cipher.encrypt(name, JSON.writeValueAsBytes(secret));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO credential (name, username, secret) VALUES (?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET username = excluded.username, secret = excluded.secret,"
                    + " updated = now() RETURNING (xmax = 0)")) {
                st.setString(1, name);
                st.setString(2, username);
                st.setBytes(3, sealed);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    public List<Summary> list() throws DatabaseUnavailableException {
        return db.call(c -> {
            List<Summary> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, username FROM credential ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Summary(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        });
    }

    public Summary find(String name) throws DatabaseUnavailableException {
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT id, name, username FROM credential WHERE name = ?")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new Summary(rs.getLong(1), rs.getString(2), rs.getString(3)) : null;
                }
            }
        });
    }

    /** The decrypted secret of credential {@code id}. */
    public Secret secret(long id) throws DatabaseUnavailableException, GeneralSecurityException {
        requireKey();
        Object[] row = db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT name, username, secret FROM credential WHERE id = ?")) {
                st.setLong(1, id);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? new Object[] {rs.getString(1), rs.getString(2), rs.getBytes(3)} : null;
                }
            }
        });
        if (row == null) {
            throw new GeneralSecurityException("credential " + id + " no longer exists");
        }
        byte[] plain = cipher.decrypt((String) row[0], (byte[]) row[2]);
        try {
            Map<?, ?> m = JSON.readValue(plain, Map.class);
            return new Secret((String) row[1], (String) m.get("ssh_key"), (String) m.get("become_password"));
        } catch (IOException e) {
            throw new GeneralSecurityException("credential " + row[0] + " holds no readable secret");
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    private void requireKey() {
        if (cipher == null) {
            throw new IllegalStateException("this node has no cluster key (cluster.key_file): credentials cannot be"
                    + " stored or used here");
        }
    }
}
