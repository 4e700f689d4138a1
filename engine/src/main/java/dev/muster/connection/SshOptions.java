package dev.muster.connection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by every SSH connection of a run.
 *
 * @param hostKeyPolicy         how host keys are checked (hosts may override it, see {@link SshTarget})
 * @param knownHostsFiles       the files read for known keys; accept-new records into the first one
 * @param maxChannelsPerHost    concurrent commands per host; kept below OpenSSH's default MaxSessions of 10
 * @param connectTimeout        TCP connect plus key exchange and authentication
 * @param keepAliveInterval     how often an idle connection is probed, so dead hosts are noticed and NAT state is kept
 * @param passphrasePrompt      asked for an encrypted key's passphrase when the host variables give none
 */
public record SshOptions(HostKeyPolicy hostKeyPolicy, List<Path> knownHostsFiles, int maxChannelsPerHost,
                         Duration connectTimeout, Duration keepAliveInterval, PassphrasePrompt passphrasePrompt) {

    public static final int DEFAULT_MAX_CHANNELS = 8;

    public SshOptions {
        Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
        knownHostsFiles = List.copyOf(knownHostsFiles);
        if (knownHostsFiles.isEmpty()) {
            throw new IllegalArgumentException("at least one known_hosts file is needed");
        }
        if (maxChannelsPerHost < 1) {
            throw new IllegalArgumentException("maxChannelsPerHost must be at least 1");
        }
        passphrasePrompt = passphrasePrompt == null ? PassphrasePrompt.NONE : passphrasePrompt;
    }

    /** Strict checking against ~/.ssh/known_hosts, 8 channels per host, 10 s to connect, keep-alive every 15 s. */
    public static SshOptions defaults() {
        return new SshOptions(HostKeyPolicy.STRICT, List.of(userKnownHosts()), DEFAULT_MAX_CHANNELS,
                Duration.ofSeconds(10), Duration.ofSeconds(15), PassphrasePrompt.NONE);
    }

    /** ~/.ssh/known_hosts, followed by {@code extra} when given (accept-new still records into ~/.ssh/known_hosts). */
    public static List<Path> knownHosts(Path extra) {
        return extra == null ? List.of(userKnownHosts()) : List.of(userKnownHosts(), extra);
    }

    public static Path userKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    public SshOptions withHostKeyPolicy(HostKeyPolicy policy) {
        return new SshOptions(policy, knownHostsFiles, maxChannelsPerHost, connectTimeout, keepAliveInterval, passphrasePrompt);
    }

    public SshOptions withKnownHostsFiles(List<Path> files) {
        return new SshOptions(hostKeyPolicy, files, maxChannelsPerHost, connectTimeout, keepAliveInterval, passphrasePrompt);
    }

    public SshOptions withMaxChannelsPerHost(int max) {
        return new SshOptions(hostKeyPolicy, knownHostsFiles, max, connectTimeout, keepAliveInterval, passphrasePrompt);
    }

    public SshOptions withConnectTimeout(Duration timeout) {
        return new SshOptions(hostKeyPolicy, knownHostsFiles, maxChannelsPerHost, timeout, keepAliveInterval, passphrasePrompt);
    }

    public SshOptions withPassphrasePrompt(PassphrasePrompt prompt) {
        return new SshOptions(hostKeyPolicy, knownHostsFiles, maxChannelsPerHost, connectTimeout, keepAliveInterval, prompt);
    }
}
