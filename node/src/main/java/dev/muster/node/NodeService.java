package dev.muster.node;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running node: identity, schema, registration, heartbeat, broker connection and HTTP API, wired together.
 * <p>
 * Start-up is strict and shutdown-free of side effects: an unreachable database at start is fatal
 * ({@link StartupException}, exit 3, systemd retries) because without it the node can neither migrate nor
 * register; once running, losing the database or the broker is reported and healed, never fatal.
 * A stopped node is not deregistered: it turns {@code lost} after {@code heartbeat.lost_after} intervals.
 */
public final class NodeService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);

    private final Database db;
    private final Jobs jobs;
    private final Broker broker;
    private final HttpApi http;
    private final ScheduledExecutorService scheduler;
    private final UUID uuid;

    private NodeService(Database db, Jobs jobs, Broker broker, HttpApi http, ScheduledExecutorService scheduler, UUID uuid) {
        this.db = db;
        this.jobs = jobs;
        this.broker = broker;
        this.http = http;
        this.scheduler = scheduler;
        this.uuid = uuid;
    }

    /** Starts the node or throws {@link ConfigException} / {@link StartupException} with one line to show. */
    public static NodeService start(NodeConfig cfg) {
        long t0 = System.nanoTime();
        UUID uuid = NodeIdentity.loadOrCreate(cfg.idFile);
        Database db = new Database(cfg.databaseUrl, cfg.databaseUser, cfg.databasePassword,
                "muster-node " + cfg.nodeName);
        Broker broker = null;
        Jobs jobs = null;
        HttpApi http = null;
        ScheduledExecutorService scheduler = null;
        try {
            waitForDatabase(db, cfg.databaseStartTimeout);
            long tDb = System.nanoTime();
            SchemaMigrator.migrate(db, cfg.databaseUser, cfg.databasePassword);
            long tSchema = System.nanoTime();
            Duration lostAfter = cfg.heartbeatInterval.multipliedBy(cfg.lostAfterIntervals);
            int capacity = Capacity.of(cfg.capacity);
            SelfDescription self = new SelfDescription(uuid, cfg.nodeName, Version.current(), capacity,
                    Capacity.cores(), Capacity.memoryMb(), cfg.listenAddress + ":" + cfg.listenPort,
                    cfg.heartbeatInterval, lostAfter);
            Registry registry = new Registry(db, self);
            boolean created;
            try {
                created = registry.register();
            } catch (DatabaseUnavailableException e) {
                throw new StartupException(e.getMessage());
            } catch (Registry.NameTakenException e) {
                throw new StartupException(e.getMessage());
            }
            long tRegistered = System.nanoTime();
            ClusterView view = new ClusterView();
            broker = new Broker(cfg, "muster-node " + cfg.nodeName + " " + uuid);
            jobs = Jobs.start(cfg, db, capacity, broker);
            broker.start();
            http = new HttpApi(cfg.listenAddress, cfg.listenPort, db, broker, view, cfg.nodeName, uuid, jobs.api(),
                    jobs.counts());
            RabbitManagementClient management = cfg.rabbitManagementUrl == null ? null
                    : new RabbitManagementClient(cfg.rabbitManagementUrl, cfg.rabbitUser, cfg.rabbitPassword);
            scheduler = Executors.newScheduledThreadPool(2, r -> {
                Thread t = new Thread(r, "node-schedule");
                t.setDaemon(true);
                return t;
            });
            long every = cfg.heartbeatInterval.toMillis();
            Broker connected = broker;
            Heartbeat heartbeat = new Heartbeat(registry, view, () -> connected.state().connected() ? capacity : 0);
            scheduler.scheduleWithFixedDelay(heartbeat, every, every, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(jobs.reaper(), every, every, TimeUnit.MILLISECONDS);
            Jobs jobsNow = jobs;
            scheduler.scheduleWithFixedDelay(() -> jobsNow.followRegistry(view.instances(), cfg.nodeName), every, every,
                    TimeUnit.MILLISECONDS);
            RabbitStatusPoller poller = new RabbitStatusPoller(broker, management, cfg.rabbitExpectedNodes, view);
            scheduler.scheduleWithFixedDelay(poller, 0, every, TimeUnit.MILLISECONDS);
            db.logFaults();
            heartbeat.run();
            http.start();
            LOG.info("node {} ({}) {} with capacity {}; listening on http://{}:{}; heartbeat every {}, lost after {};"
                            + " ready in {} ms (database {} ms, schema {} ms, registration {} ms)", cfg.nodeName, uuid,
                    created ? "registered" : "registered again", capacity, cfg.listenAddress, http.port(),
                    Durations.format(cfg.heartbeatInterval), Durations.format(lostAfter), ms(System.nanoTime() - t0),
                    ms(tDb - t0), ms(tSchema - tDb), ms(tRegistered - tSchema));
            return new NodeService(db, jobs, broker, http, scheduler, uuid);
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
            if (http != null) {
                http.close();
            }
            if (broker != null) {
                broker.close();
            }
            if (jobs != null) {
                jobs.close();
            }
            db.close();
            throw e;
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void waitForDatabase(Database db, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMs = 250;
        while (true) {
            try {
                db.connectNow();
                return;
            } catch (DatabaseUnavailableException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new StartupException(e.getMessage() + " (gave up after database.start_timeout="
                            + Durations.format(timeout) + ")");
                }
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StartupException("interrupted while waiting for the database");
                }
                pauseMs = Math.min(pauseMs * 2, 2000);
            }
        }
    }

    public UUID uuid() {
        return uuid;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.close();
        scheduler.shutdownNow();
        broker.close();
        jobs.close();
        db.close();
        LOG.info("node stopped");
    }
}
