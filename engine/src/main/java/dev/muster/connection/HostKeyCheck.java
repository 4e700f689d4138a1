package dev.muster.connection;

import java.io.IOException;
import java.security.PublicKey;
import java.util.List;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * Checks one host's key during key exchange under the run's policy. When it refuses a key it keeps the reason,
 * so the unreachable error can name the host, the fingerprint and the conflicting known_hosts line
 * instead of sshj's generic message.
 */
final class HostKeyCheck implements HostKeyVerifier {

    private final SshTarget target;
    private final HostKeyPolicy policy;
    private final KnownHosts knownHosts;
    private volatile String refusal;

    HostKeyCheck(SshTarget target, HostKeyPolicy policy, KnownHosts knownHosts) {
        this.target = target;
        this.policy = policy;
        this.knownHosts = knownHosts;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        if (policy == HostKeyPolicy.INSECURE) {
            return true;
        }
        String name = target.knownHostsName();
        String fingerprint = KnownHosts.fingerprint(key);
        try {
            KnownHosts.Check check = knownHosts.check(name, key);
            switch (check.verdict()) {
                case MATCH:
                    return true;
                case CHANGED:
                    refusal = "host key for " + name + " has CHANGED (now " + fingerprint + "); it conflicts with "
                            + String.join(", ", check.conflicts())
                            + " (remove that line if the change is expected)";
                    return false;
                default:
                    if (policy == HostKeyPolicy.ACCEPT_NEW) {
                        knownHosts.record(name, key);
                        return true;
                    }
                    refusal = "host key for " + name + " is unknown (" + fingerprint + "); host key checking is strict:"
                            + " add it to known_hosts or use accept-new";
                    return false;
            }
        } catch (IOException e) {
            refusal = "cannot read or update known_hosts: " + e.getMessage();
            return false;
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        try {
            return knownHosts.knownKeyTypes(target.knownHostsName());
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Why the key was refused, or null when it was not. */
    String refusal() {
        return refusal;
    }
}
