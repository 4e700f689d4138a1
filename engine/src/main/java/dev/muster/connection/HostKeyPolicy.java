package dev.muster.connection;

import java.util.Locale;

/** How a host's SSH key is checked against known_hosts. */
public enum HostKeyPolicy {
    /** Only keys already in known_hosts are accepted: unknown and changed keys make the host unreachable. */
    STRICT,
    /** Unknown hosts are recorded in known_hosts on first contact; a changed key is still refused. */
    ACCEPT_NEW,
    /** Any key is accepted. For throw-away labs only, and only when asked for by name. */
    INSECURE;

    /** Parses {@code strict}, {@code accept-new} or {@code insecure}; null for anything else. */
    public static HostKeyPolicy parse(String text) {
        if (text == null) {
            return null;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "strict":
                return STRICT;
            case "accept-new":
            case "accept_new":
                return ACCEPT_NEW;
            case "insecure":
                return INSECURE;
            default:
                return null;
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
