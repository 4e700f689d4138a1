package dev.muster.node.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Password hashes: BCrypt ({@code $2y$}) by BouncyCastle's OpenBSDBCrypt, a slow salted hash from a well-kept
 * library. BCrypt reads at most 72 bytes of a password; longer ones are refused rather than silently cut.
 */
public final class Passwords {
    /** 2^12 rounds: about 0.25 s on one core, paid once per password check (see {@link Auth}'s cache). */
    public static final int COST = 12;
    static final int MAX_BYTES = 72;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    public static String hash(String password) {
        return hash(password, COST);
    }

    static String hash(String password, int cost) {
        checkLength(password);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, cost);
    }

    /** Whether {@code password} matches {@code hash}; false for a malformed hash, never an exception. */
    public static boolean matches(String hash, String password) {
        if (hash == null || password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static void checkLength(String password) {
        if (password.isEmpty() || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a password must be 1 to " + MAX_BYTES + " bytes long (BCrypt's limit)");
        }
    }
}
