package dev.muster.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/** Connects, checks the host key and authenticates; every failure becomes an {@link UnreachableException} with a plain reason. */
final class SshConnector {

    private final Config config;
    private final SshOptions options;
    private final KnownHosts knownHosts;

    SshConnector(Config config, SshOptions options, KnownHosts knownHosts) {
        this.config = config;
        this.options = options;
        this.knownHosts = knownHosts;
    }

    /** The host's own connect timeout when its variables set one, else the run's (see {@link ConnectTimeout}). */
    Duration connectTimeout(SshTarget target) {
        return target.connectTimeout() != null ? target.connectTimeout() : options.connectTimeout();
    }

    SSHClient open(SshTarget target) {
        SSHClient client = new SSHClient(config);
        client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout(target).toMillis());
        client.setConnectTimeout(connectMillis);
        client.getTransport().setTimeoutMs(connectMillis);
        client.getConnection().getKeepAlive().setKeepAliveInterval((int) Math.max(0, options.keepAliveInterval().toSeconds()));
        HostKeyPolicy policy = target.hostKeyPolicy() == null ? options.hostKeyPolicy() : target.hostKeyPolicy();
        HostKeyCheck hostKeyCheck = new HostKeyCheck(target, policy, knownHosts);
        client.addHostKeyVerifier(hostKeyCheck);
        try {
            client.connect(target.address(), target.port());
        } catch (IOException | RuntimeException e) {
            close(client);
            String reason = hostKeyCheck.refusal() != null ? hostKeyCheck.refusal() : SshFailures.connectReason(target, e);
            throw new UnreachableException(target.name(), reason, e);
        }
        try {
            client.auth(target.user(), authMethods(client, target));
        } catch (IOException | RuntimeException e) {
            close(client);
            throw new UnreachableException(target.name(), SshFailures.authReason(target, e), e);
        }
        return client;
    }

    private List<AuthMethod> authMethods(SSHClient client, SshTarget target) {
        List<AuthMethod> methods = new ArrayList<>();
        for (Path keyFile : target.keyFiles()) {
            if (!Files.isReadable(keyFile)) {
                throw new UnreachableException(target.name(), "private key file " + keyFile + " cannot be read", null);
            }
            try {
                KeyProvider key = client.loadKeys(keyFile.toString(), passphraseFinder(target, keyFile));
                methods.add(new AuthPublickey(key));
            } catch (IOException e) {
                throw new UnreachableException(target.name(), "cannot load private key " + keyFile + ": " + SshFailures.reason(e), e);
            }
        }
        if (target.password() != null) {
            PasswordFinder password = fixed(target.password().toCharArray());
            methods.add(new AuthPassword(password));
            methods.add(new AuthKeyboardInteractive(new PasswordResponseProvider(password)));
        }
        return methods;
    }

    private PasswordFinder passphraseFinder(SshTarget target, Path keyFile) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                if (target.keyPassphrase() != null) {
                    return target.keyPassphrase().toCharArray();
                }
                char[] answer = options.passphrasePrompt().passphraseFor(keyFile);
                return answer == null ? new char[0] : answer;
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    private static PasswordFinder fixed(char[] password) {
        return new PasswordFinder() {
            @Override
            public char[] reqPassword(Resource<?> resource) {
                return password.clone();
            }

            @Override
            public boolean shouldRetry(Resource<?> resource) {
                return false;
            }
        };
    }

    private static void close(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing
        }
    }
}
