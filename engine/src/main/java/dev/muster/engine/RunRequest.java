package dev.muster.engine;

import dev.muster.connection.ConnectTimeout;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.executor.RunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a run needs, as values: what {@code muster play}'s options say, without the command line. Relative paths
 * are taken from {@link #workingDirectory()}, never from the process's own working directory, so that one JVM (the
 * node service) can run playbooks of many projects. Build with {@link #builder(Path)}.
 *
 * @param playbook         the playbook file
 * @param inventorySources inventory files, directories or {@code h1,h2,} lists, in -i order
 * @param extraVars        the highest precedence of all (-e)
 * @param defaultVars      the lowest of all, below the inventory (--defaults): an installer's documented defaults
 * @param limit            a host pattern narrowing every play, or null
 * @param verbosity        the deepest verbose detail any listener gets (0 to 3, as -v to -vvv; 3 includes the scripts
 *                         sent), whatever the listener asks for: detail no listener gets is never built
 * @param becomePassword   the sudo password, or null
 * @param knownHosts       the known_hosts file to check host keys against, or null for ~/.ssh/known_hosts
 * @param timeout          the longest a task may run on a host
 * @param connectTimeout   the run's SSH connect timeout; a host's {@code ansible_ssh_timeout} / {@code ansible_timeout}
 *                         wins over it (see {@link ConnectTimeout})
 * @param sessions         whether tasks run in one shell session per host (false: an SSH command per task)
 * @param rolesPaths       where roles are looked for after the playbook's own {@code roles/}
 * @param workingDirectory what relative paths are relative to
 */
public record RunRequest(Path playbook, List<Path> inventorySources, Map<String, Object> extraVars,
                         Map<String, Object> defaultVars, String limit, Set<String> tags, Set<String> skipTags,
                         boolean check, boolean diff, int forks, int verbosity, String becomePassword,
                         HostKeyPolicy hostKeyPolicy, Path knownHosts, Duration timeout, Duration connectTimeout, boolean sessions,
                         List<Path> rolesPaths, Path workingDirectory) {

    public static Builder builder(Path playbook) {
        return new Builder(playbook);
    }

    /** The executor's options. */
    RunOptions options() {
        return new RunOptions(check, diff, forks, limit, tags, skipTags, extraVars, becomePassword, timeout, sessions,
                defaultVars);
    }

    @Override
    public String toString() { // the password stays out of logs and exception messages
        return "RunRequest[" + playbook + ", inventory " + inventorySources + ", limit " + limit + ", forks " + forks + "]";
    }

    /** Defaults are {@code muster play}'s. */
    public static final class Builder {
        private final Path playbook;
        private final List<Path> inventorySources = new ArrayList<>();
        private final Map<String, Object> extraVars = new LinkedHashMap<>();
        private final Map<String, Object> defaultVars = new LinkedHashMap<>();
        private String limit;
        private final Set<String> tags = new LinkedHashSet<>();
        private final Set<String> skipTags = new LinkedHashSet<>();
        private boolean check;
        private boolean diff;
        private int forks = RunOptions.DEFAULT_FORKS;
        private int verbosity;
        private String becomePassword;
        private HostKeyPolicy hostKeyPolicy = HostKeyPolicy.STRICT;
        private Path knownHosts;
        private Duration timeout = Duration.ofHours(1);
        private Integer connectTimeoutSeconds;
        private boolean sessions = true;
        private List<Path> rolesPaths;
        private Path workingDirectory;

        private Builder(Path playbook) {
            this.playbook = Objects.requireNonNull(playbook, "playbook");
        }

        public Builder inventory(Path... sources) {
            inventorySources.addAll(List.of(sources));
            return this;
        }

        public Builder inventory(List<Path> sources) {
            inventorySources.addAll(sources);
            return this;
        }

        /** Added over what is there: later wins. */
        public Builder extraVars(Map<String, ?> vars) {
            extraVars.putAll(vars);
            return this;
        }

        /** Added over what is there: later wins. */
        public Builder defaultVars(Map<String, ?> vars) {
            defaultVars.putAll(vars);
            return this;
        }

        public Builder limit(String pattern) {
            this.limit = pattern;
            return this;
        }

        public Builder tags(Set<String> only) {
            tags.addAll(only);
            return this;
        }

        public Builder skipTags(Set<String> skip) {
            skipTags.addAll(skip);
            return this;
        }

        public Builder check(boolean on) {
            this.check = on;
            return this;
        }

        public Builder diff(boolean on) {
            this.diff = on;
            return this;
        }

        public Builder forks(int forks) {
            this.forks = forks;
            return this;
        }

        public Builder verbosity(int level) {
            this.verbosity = level;
            return this;
        }

        public Builder becomePassword(String password) {
            this.becomePassword = password;
            return this;
        }

        public Builder hostKeyPolicy(HostKeyPolicy policy) {
            this.hostKeyPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder knownHosts(Path file) {
            this.knownHosts = file;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** The run's SSH connect timeout in seconds (at least 1), or null: the environment's, else 10 s (see {@link ConnectTimeout}). */
        public Builder connectTimeout(Integer seconds) {
            this.connectTimeoutSeconds = seconds;
            return this;
        }

        public Builder sessions(boolean on) {
            this.sessions = on;
            return this;
        }

        /** Replaces the default (the working directory's {@code roles/}); the playbook's own roles/ always comes first. */
        public Builder rolesPaths(List<Path> dirs) {
            this.rolesPaths = List.copyOf(dirs);
            return this;
        }

        /** Defaults to the process's working directory, taken when {@link #build()} is called. */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** @throws dev.muster.error.MusterException (bad request) for a connect timeout, given or from the environment, below 1 s */
        public RunRequest build() {
            Path cwd = (workingDirectory != null ? workingDirectory : Path.of("")).toAbsolutePath().normalize();
            List<Path> roles = rolesPaths != null ? rolesPaths : List.of(Path.of("roles"));
            return new RunRequest(cwd.resolve(playbook).normalize(), inventorySources.stream().map(p -> resolveSource(cwd, p)).toList(),
                    Collections.unmodifiableMap(new LinkedHashMap<>(extraVars)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(defaultVars)), limit, Set.copyOf(tags), Set.copyOf(skipTags), check, diff,
                    forks, verbosity, becomePassword, hostKeyPolicy, knownHosts == null ? null : cwd.resolve(knownHosts),
                    timeout, ConnectTimeout.forRun(connectTimeoutSeconds, System.getenv()), sessions, roles.stream().map(cwd::resolve).toList(), cwd);
        }

        /** A {@code h1,h2,} host list is not a path: it stays as written. */
        private static Path resolveSource(Path cwd, Path source) {
            return source.toString().contains(",") ? source : cwd.resolve(source);
        }
    }
}
