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
 * @param commandTimeout a command that outlasts it is ended and the task fails on that host
 */
public record RunOptions(boolean check, boolean diff, int forks, String limit, Set<String> tags, Set<String> skipTags,
                         Map<String, Object> extraVars, int verbosity, String becomePassword, Duration commandTimeout) {

    public static final int DEFAULT_FORKS = 25;

    public static RunOptions defaults() {
        return new RunOptions(false, false, DEFAULT_FORKS, null, Set.of(), Set.of(), Map.of(), 0, null, Duration.ofHours(1));
    }
}
