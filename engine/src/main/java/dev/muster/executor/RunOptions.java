package dev.muster.executor;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How to run: the play command's options after parsing.
 *
 * @param forks          how many hosts work at once
 * @param limit          a host pattern further restricting every play, or null
 * @param becomePassword the sudo password from --ask-become-pass or --become-password-file, or null
 * @param commandTimeout a task that outlasts it is ended and fails on that host
 * @param sessions       whether tasks run in each host's shell session (--no-sessions: every task a command of its own)
 * @param defaultVars    the lowest layer of all, below the inventory (as role defaults are): an installer's documented
 *                       defaults, which the operator's inventory and -e override (--defaults FILE)
 */
public record RunOptions(boolean check, boolean diff, int forks, String limit, Set<String> tags, Set<String> skipTags,
                         Map<String, Object> extraVars, int verbosity, String becomePassword, Duration commandTimeout,
                         boolean sessions, Map<String, Object> defaultVars) {

    public static final int DEFAULT_FORKS = 25;

    /** With sessions, the default. */
    public RunOptions(boolean check, boolean diff, int forks, String limit, Set<String> tags, Set<String> skipTags,
                      Map<String, Object> extraVars, int verbosity, String becomePassword, Duration commandTimeout) {
        this(check, diff, forks, limit, tags, skipTags, extraVars, verbosity, becomePassword, commandTimeout, true, Map.of());
    }

    public RunOptions withSessions(boolean on) {
        return new RunOptions(check, diff, forks, limit, tags, skipTags, extraVars, verbosity, becomePassword, commandTimeout, on, defaultVars);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, false, DEFAULT_FORKS, null, Set.of(), Set.of(), Map.of(), 0, null, Duration.ofHours(1));
    }
}
