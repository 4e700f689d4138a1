package dev.muster.connection;

/**
 * Privilege escalation with sudo. The password, when needed, is answered to a prompt that carries
 * a unique marker, so it is never confused with output and never typed into anything else.
 * Its toString never shows the password.
 */
public record Become(String user, String password) {

    public static Become root(String password) {
        return new Become("root", password);
    }

    @Override
    public String toString() {
        return "Become[user=" + user + ", password=" + (password == null ? "none" : "****") + "]";
    }
}
