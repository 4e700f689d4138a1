package dev.muster.connection;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.time.Duration;
import java.util.Map;

/**
 * How long an SSH connection may take to come up (TCP connect, key exchange, authentication), chosen as Ansible
 * chooses its connection timeout: the host's {@code ansible_ssh_timeout}, else its {@code ansible_timeout}, else the
 * run's (the {@code --connect-timeout} option, else the environment's {@code ANSIBLE_SSH_TIMEOUT}, else
 * {@code ANSIBLE_TIMEOUT}, else 10 s). ansible.cfg is not read (Muster reads no ansible.cfg), and Muster's own
 * {@code --timeout} stays the longest a task may run: Ansible's {@code -T} is this value, ours is not.
 */
public final class ConnectTimeout {

    /** Ansible's default (DEFAULT_TIMEOUT). */
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private ConnectTimeout() {
    }

    /**
     * The run's timeout: {@code option} (the command line's, or null when not given), else the environment's.
     *
     * @throws MusterException (bad request) for a value that is not a whole number of seconds of at least 1
     */
    public static Duration forRun(Integer optionSeconds, Map<String, String> environment) {
        if (optionSeconds != null) {
            if (optionSeconds < 1) {
                throw new MusterException(null, "--connect-timeout must be at least 1 second, got " + optionSeconds,
                        Failure.BAD_REQUEST, null);
            }
            return Duration.ofSeconds(optionSeconds);
        }
        for (String name : new String[] {"ANSIBLE_SSH_TIMEOUT", "ANSIBLE_TIMEOUT"}) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                Duration parsed = seconds(value);
                if (parsed == null) {
                    throw new MusterException(null, "the environment's " + name + " must be a whole number of seconds of at"
                            + " least 1, got '" + value + "'", Failure.BAD_REQUEST, null);
                }
                return parsed;
            }
        }
        return DEFAULT;
    }

    /**
     * A host's own timeout ({@code ansible_ssh_timeout}, else {@code ansible_timeout}), or null when it sets none (the
     * run's applies).
     *
     * @throws MusterException naming the host and the variable for a value that is not a whole number of seconds
     */
    public static Duration forHost(String host, Map<String, Object> vars) {
        for (String name : new String[] {"ansible_ssh_timeout", "ansible_timeout"}) {
            Object value = vars.get(name);
            if (value != null && !String.valueOf(value).isBlank()) {
                Duration parsed = seconds(String.valueOf(value));
                if (parsed == null) {
                    throw new MusterException(host + ": " + name + " must be a whole number of seconds of at least 1, got '"
                            + value + "'");
                }
                return parsed;
            }
        }
        return null;
    }

    /** Whole seconds, at least 1 (Ansible's option is an integer); null for anything else. */
    private static Duration seconds(String text) {
        try {
            long seconds = Long.parseLong(text.trim());
            return seconds >= 1 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
