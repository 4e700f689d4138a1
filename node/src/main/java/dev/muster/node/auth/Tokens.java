package dev.muster.node.auth;

import dev.muster.node.Database;
import dev.muster.node.DatabaseUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;

/**
 * Bearer tokens: 32 random bytes (base64url) handed out once; only their SHA-256 is stored, so the table alone
 * lets nobody in. A plain hash suffices here (unlike passwords): the token has 256 bits of entropy.
 */
public final class Tokens {
    public static final Duration LIFETIME = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;

    public Tokens(Database db) {
        this.db = db;
    }

    /** A new token of {@code userId}, valid for {@link #LIFETIME}. */
    public Issued issue(long userId) throws DatabaseUnavailableException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO api_token (user_id, token_sha256, expires)"
                    + " VALUES (?, ?, now() + ?::interval) RETURNING expires")) {
                st.setLong(1, userId);
                st.setBytes(2, sha256(token));
                st.setString(3, LIFETIME.toSeconds() + " seconds");
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, OffsetDateTime.class).toInstant();
                }
            }
        });
        return new Issued(token, expires);
    }

    /** The user name a valid, unexpired token belongs to, or null. */
    public String userOf(String token) throws DatabaseUnavailableException {
        byte[] digest = sha256(token);
        return db.call(c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT u.username FROM api_token t JOIN api_user u"
                    + " ON u.id = t.user_id WHERE t.token_sha256 = ? AND t.expires > now()")) {
                st.setBytes(1, digest);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    public record Issued(String token, Instant expires) {
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
