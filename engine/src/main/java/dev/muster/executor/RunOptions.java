package dev.muster.executor;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How to run, as the executor needs it (built from the engine's RunRequest).
 *
 * @param forks          how many hosts work at once
 * @param limit          a host pattern further restricting every play, or null
 * @param becomePassword the sudo password, or null
 * @param commandTimeout a task that outlasts it is ended and fails on that host
 * @param sessions       whether tasks run in each host's shell session (false: every task a command of its own)
 * @param defaultVars    the lowest layer of all, below the inventory (as role defaults are): an installer's documented
 *                       defaults, which the operator's inventory and extra vars override
 */
public record RunOptions(boolean check, boolean diff, int forks, String limit, Set<String> tags, Set<String> skipTags,
                         Map<String, Object> extraVars, String becomePassword, Duration commandTimeout,
                         boolean sessions, Map<String, Object> defaultVars) {

    public static final int DEFAULT_FORKS = 25;
}
