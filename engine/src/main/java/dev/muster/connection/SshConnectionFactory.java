package dev.muster.connection;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections for a run, one per inventory host and login (user, address and port: a task with another
 * {@code remote_user} gets a connection of its own, the usual run one per host), from the host's variables: {@code ansible_connection}
 * ({@code ssh}, the default, or {@code local}), {@code ansible_host}, {@code ansible_port},
 * {@code ansible_user}, {@code ansible_ssh_private_key_file} (+ {@code ansible_ssh_private_key_passphrase}),
 * {@code ansible_password} / {@code ansible_ssh_pass}; see {@link SshTarget}. Nothing is opened until a host's
 * first command. Thread-safe. Closing the factory closes every connection.
 */
public final class SshConnectionFactory implements ConnectionFactory {

    private final SshOptions options;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
    private final LocalConnection local = new LocalConnection(pool);
    private volatile SshConnector connector;

    public SshConnectionFactory(SshOptions options) {
        this.options = options;
    }

    public SshConnectionFactory() {
        this(SshOptions.defaults());
    }

    /**
     * The factory for a run from the command line's host key checking option ({@code strict}, the default when
     * null, {@code accept-new} or {@code insecure}); known hosts are read from ~/.ssh/known_hosts.
     *
     * @throws MusterException (bad options) for any other value
     */
    public static SshConnectionFactory forHostKeyChecking(String hostKeyChecking) {
        HostKeyPolicy policy = hostKeyChecking == null ? HostKeyPolicy.STRICT : HostKeyPolicy.parse(hostKeyChecking);
        if (policy == null) {
            throw new MusterException(null, "host key checking must be strict, accept-new or insecure, got '"
                    + hostKeyChecking + "'", Failure.BAD_REQUEST, null);
        }
        return new SshConnectionFactory(SshOptions.defaults().withHostKeyPolicy(policy));
    }

    @Override
    public Connection connect(String host, Map<String, Object> hostVars) {
        String type = SshTarget.connectionType(hostVars);
        switch (type) {
            case "local":
                return local;
            case "ssh":
            case "smart":
            case "paramiko":
                return connections.computeIfAbsent(SshTarget.loginOf(host, hostVars), login ->
                        new SshConnection(SshTarget.fromHostVars(host, hostVars), connector(), options.maxChannelsPerHost(), pool));
            default:
                throw new MusterException(host + ": ansible_connection '" + type + "' is not supported (use ssh or local)");
        }
    }

    /** sshj's configuration is built on the first SSH host only, so local-only runs never pay for it. */
    private SshConnector connector() {
        SshConnector current = connector;
        if (current == null) {
            synchronized (this) {
                if (connector == null) {
                    connector = new SshConnector(new SshConfig(), options, new KnownHosts(options.knownHostsFiles()));
                }
                current = connector;
            }
        }
        return current;
    }

    @Override
    public void close() {
        connections.values().forEach(Connection::close);
        connections.clear();
        pool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "muster-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
