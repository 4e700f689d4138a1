package dev.muster.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpHandler;
import dev.muster.engine.Engine;
import dev.muster.node.api.ApiRouter;
import dev.muster.node.api.CredentialResource;
import dev.muster.node.api.InventoryResource;
import dev.muster.node.api.JobResource;
import dev.muster.node.api.ProjectResource;
import dev.muster.node.api.ProjectUpdate;
import dev.muster.node.api.TokenResource;
import dev.muster.node.auth.AdminAccount;
import dev.muster.node.auth.Auth;
import dev.muster.node.auth.Tokens;
import dev.muster.node.auth.Users;
import dev.muster.node.credential.ClusterKey;
import dev.muster.node.credential.CredentialCipher;
import dev.muster.node.credential.CredentialStore;
import dev.muster.node.inventory.InventoryStore;
import dev.muster.node.job.ControlExchange;
import dev.muster.node.job.JobDispatcher;
import dev.muster.node.job.JobEvents;
import dev.muster.node.job.JobQueue;
import dev.muster.node.job.JobRunner;
import dev.muster.node.job.JobStore;
import dev.muster.node.job.LostJobReaper;
import dev.muster.node.project.ProjectFiles;
import dev.muster.node.project.ProjectStore;
import dev.muster.node.project.ProjectSync;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs side of a node, wired together: the API's resources behind authentication, the job queue and its
 * dispatcher, the control exchange (cancel, project updates), the runner and the lost-job sweep.
 */
final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final ApiRouter api;
    private final LostJobReaper reaper;
    private final JobDispatcher dispatcher;
    private final ExecutorService controlWork;

    private Jobs(ApiRouter api, LostJobReaper reaper, JobDispatcher dispatcher, ExecutorService controlWork) {
        this.api = api;
        this.reaper = reaper;
        this.dispatcher = dispatcher;
        this.controlWork = controlWork;
    }

    /** Prepares everything and registers the AMQP parts to start once the broker connects. */
    static Jobs start(NodeConfig cfg, Database db, int capacity, Broker broker) {
        Users users = new Users(db);
        Tokens tokens = new Tokens(db);
        JobStore jobStore = new JobStore(db);
        try {
            AdminAccount.sync(users, cfg.adminPasswordFile);
            int left = jobStore.failLeftBy(cfg.nodeName);
            if (left > 0) {
                LOG.warn("{} job(s) this node was running before it stopped are failed", left);
            }
        } catch (DatabaseUnavailableException e) {
            throw new StartupException(e.getMessage());
        }
        SecretKey key = ClusterKey.load(cfg.clusterKeyFile);
        if (key == null) {
            LOG.warn("{} does not exist (cluster.key_file): credentials cannot be stored or used on this node",
                    cfg.clusterKeyFile);
        }
        CredentialStore credentials = new CredentialStore(db, key == null ? null : new CredentialCipher(key));
        ProjectStore projects = new ProjectStore(db);
        ProjectFiles files = new ProjectFiles(cfg.projectsDir, projects);
        InventoryStore inventories = new InventoryStore(db);
        JobRunner runner = new JobRunner(Engine.standard(), jobStore, files, inventories, credentials, db::openSeparate,
                cfg.nodeName, cfg.projectsDir.resolveSibling("known_hosts"));
        ProjectSync sync = new ProjectSync(projects, files, cfg.nodeName);
        ExecutorService controlWork = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "project-sync");
            t.setDaemon(true);
            return t;
        });
        ControlExchange control = new ControlExchange(message -> onControl(message, runner, sync, controlWork));
        JobQueue queue = new JobQueue();
        JobDispatcher dispatcher = new JobDispatcher(jobStore, runner, cfg.nodeName, capacity);
        broker.onConnected(queue);
        broker.onConnected(control);
        broker.onConnected(dispatcher);
        ProjectUpdate update = new ProjectUpdate(projects, control, () -> aliveNodes(db));
        ApiRouter api = new ApiRouter(new Auth(users, tokens), Map.of(
                "tokens", new TokenResource(users, tokens),
                "projects", new ProjectResource(projects, update),
                "inventories", new InventoryResource(inventories),
                "credentials", new CredentialResource(credentials),
                "jobs", new JobResource(jobStore, new JobEvents(db), queue, control, projects, files, inventories,
                        credentials)));
        LostJobReaper reaper = new LostJobReaper(jobStore::failJobsOfLostNodes, db::reachableFor,
                cfg.heartbeatInterval.multipliedBy(cfg.lostAfterIntervals));
        return new Jobs(api, reaper, dispatcher, controlWork);
    }

    private static void onControl(JsonNode message, JobRunner runner, ProjectSync sync, ExecutorService work) {
        if (message.hasNonNull("cancel")) {
            runner.cancel(message.get("cancel").asLong());
        } else if (message.hasNonNull("project") && message.hasNonNull("revision")) {
            String project = message.get("project").asText();
            String revision = message.get("revision").asText();
            work.execute(() -> sync.apply(project, revision));
        }
    }

    private static List<String> aliveNodes(Database db) throws DatabaseUnavailableException {
        return db.call(c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT name FROM node_instance WHERE "
                    + Registry.STATUS_SQL + " = 'alive' ORDER BY name");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
    }

    HttpHandler api() {
        return api;
    }

    Runnable reaper() {
        return reaper;
    }

    /** After each heartbeat: take jobs only while this node is alive and enabled in the registry. */
    void followRegistry(List<Instance> instances, String self) {
        for (Instance i : instances) {
            if (i.node().equals(self)) {
                dispatcher.takeJobs(Instance.ALIVE.equals(i.status()));
            }
        }
    }

    HttpApi.JobCounts counts() {
        return new HttpApi.JobCounts() {
            @Override
            public Map<String, Integer> runningByNode(java.sql.Connection c) throws java.sql.SQLException {
                return JobStore.runningByNode(c);
            }

            @Override
            public int queued(java.sql.Connection c) throws java.sql.SQLException {
                return JobStore.queued(c);
            }
        };
    }

    @Override
    public void close() {
        dispatcher.close();
        controlWork.shutdownNow();
    }
}
