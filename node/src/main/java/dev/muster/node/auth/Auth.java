package dev.muster.node.auth;

import dev.muster.node.DatabaseUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a request is: HTTP Basic (a user's password) or a Bearer token; anything else is nobody.
 * <p>
 * A BCrypt check costs a quarter of a second of CPU by design; a client that sends Basic on every request (a CLI
 * following events) would pay it each time. So a successful check is remembered in memory as the SHA-256 of
 * user and password together with the hash it matched: the next request with the same password skips BCrypt
 * while that hash stays the stored one (a password change drops it), and nothing reversible is kept.
 */
public final class Auth {
    private final Users users;
    private final Tokens tokens;
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    public Auth(Users users, Tokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /** Why a request was refused, for the 401's detail; never says whether the user exists. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message, null, false, false);
        }
    }

    public record Principal(String username, boolean viaPassword) {
    }

    /** The principal of an {@code Authorization} header value. */
    public Principal authenticate(String header) throws Refused, DatabaseUnavailableException {
        if (header == null || header.isBlank()) {
            throw new Refused("authentication credentials were not provided");
        }
        int space = header.indexOf(' ');
        String scheme = space < 0 ? header : header.substring(0, space);
        String value = space < 0 ? "" : header.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            String user = value.isEmpty() ? null : tokens.userOf(value);
            if (user == null) {
                throw new Refused("invalid or expired token");
            }
            return new Principal(user, false);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(value);
        }
        throw new Refused("unsupported authorization scheme '" + scheme + "' (use Basic or Bearer)");
    }

    private Principal basic(String encoded) throws Refused, DatabaseUnavailableException {
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused("malformed Basic credentials");
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            throw new Refused("malformed Basic credentials");
        }
        String username = pair.substring(0, colon);
        String password = pair.substring(colon + 1);
        Users.User user = users.find(username);
        if (user == null) {
            throw new Refused("invalid username or password");
        }
        String key = Base64.getEncoder().encodeToString(Tokens.sha256(username + "\0" + password));
        if (user.passwordHash().equals(verified.get(key))) {
            return new Principal(username, true);
        }
        if (!Passwords.matches(user.passwordHash(), password)) {
            throw new Refused("invalid username or password");
        }
        verified.put(key, user.passwordHash());
        return new Principal(username, true);
    }

    public Users users() {
        return users;
    }
}
