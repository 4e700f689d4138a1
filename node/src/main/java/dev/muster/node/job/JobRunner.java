package dev.muster.node.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.connection.HostKeyPolicy;
import dev.muster.engine.Engine;
import dev.muster.engine.PreparedRun;
import dev.muster.engine.RunHandle;
import dev.muster.engine.RunRequest;
import dev.muster.engine.RunResult;
import dev.muster.error.MusterException;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import dev.muster.node.TempDirs;
import dev.muster.node.credential.CredentialStore;
import dev.muster.node.inventory.InventoryCheck;
import dev.muster.node.inventory.InventoryStore;
import dev.muster.node.project.ProjectFiles;
import dev.muster.node.project.ProjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one claimed job with the engine, in this process: the project revision's directory as the working
 * directory, the inventory and the SSH key in a private temporary directory (0700; the key 0600; deleted after),
 * the become password through the request (never argv, environment or log), the events streamed to PostgreSQL by
 * a {@link JobEventWriter}. Records the final status only after every event is stored.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a job's end waits for the database (a restarted database host is back well within it). */
    static final java.time.Duration RECORD_END_FOR = java.time.Duration.ofMinutes(15);
    static final java.time.Duration RECORD_END_RETRY = java.time.Duration.ofSeconds(2);

    private final Engine engine;
    private final JobStore jobs;
    private final ProjectFiles files;
    private final InventoryStore inventories;
    private final CredentialStore credentials;
    private final JobEventWriter.Connector events;
    private final String node;
    private final Path knownHosts;
    private final Map<Long, RunHandle> running = new ConcurrentHashMap<>();

    public JobRunner(Engine engine, JobStore jobs, ProjectFiles files, InventoryStore inventories,
                     CredentialStore credentials, JobEventWriter.Connector events, String node, Path knownHosts) {
        this.engine = engine;
        this.jobs = jobs;
        this.files = files;
        this.inventories = inventories;
        this.credentials = credentials;
        this.events = events;
        this.node = node;
        this.knownHosts = knownHosts;
    }

    /** Jobs this node runs now. */
    public int runningCount() {
        return running.size();
    }

    public boolean isRunning(long id) {
        return running.containsKey(id);
    }

    /** As Ctrl-C on the job's run, if it runs here: the running task finishes, no new one starts. */
    public void cancel(long id) {
        RunHandle h = running.get(id);
        if (h != null) {
            LOG.info("job {}: canceling", id);
            h.cancel();
        }
    }

    /** Runs the job to its end and records the end; never throws for the job's own failures. */
    public void run(JobStore.Claimed job) throws DatabaseUnavailableException {
        long id = job.id();
        LOG.info("job {}: running {} of project {} ({})", id, job.playbook(), job.project(), job.revision());
        JobEventWriter writer = new JobEventWriter(id, events);
        String status;
        Integer exit;
        String reason = null;
        Path tmp = null;
        boolean started = false;
        try {
            tmp = Files.createTempDirectory("muster-job-" + id + "-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            RunRequest request = request(job, tmp);
            PreparedRun prepared = engine.prepare(request);
            RunHandle handle = prepared.start(writer);
            started = true;
            running.put(id, handle);
            if (job.cancelRequested() || jobs.cancelRequested(id)) {
                handle.cancel();
            }
            RunResult result = handle.await();
            JobOutcome outcome = JobOutcome.of(result.outcome());
            status = outcome.status();
            exit = outcome.exitCode();
            if (result.dropped() > 0 || writer.dropped() > 0) {
                reason = (result.dropped() + writer.dropped()) + " events were lost"
                        + (writer.failure() != null ? ": " + writer.failure() : " (the event writer fell behind)");
            }
        } catch (MusterException e) {
            JobOutcome outcome = JobOutcome.of(e.failure());
            status = outcome.status();
            exit = outcome.exitCode();
            reason = e.describe();
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            status = JobStore.ERROR;
            exit = 1;
            reason = OneLine.of(e);
            LOG.warn("job {}: {}", id, reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = JobStore.ERROR;
            exit = 1;
            reason = "the node stopped while running the job";
        } finally {
            running.remove(id);
            if (!started) {
                writer.close();
            }
            TempDirs.deleteTree(tmp);
        }
        boolean recorded = recordEnd(id, status, exit, reason);
        LOG.info("job {}: {} (exit {}){}{}", id, status, exit, reason == null ? "" : ": " + reason,
                recorded ? "" : "; not recorded: the job was no longer running on this node (failed as lost?)");
    }

    /**
     * Records the job's end, waiting for the database while it is away (its host restarting): only this node knows
     * how the run ended. Giving up at once returned the delivery to the queue, and a node that got it found the job
     * running on an alive node and left it so: running for ever, though it had ended.
     */
    private boolean recordEnd(long id, String status, Integer exit, String reason) throws DatabaseUnavailableException {
        long deadline = System.nanoTime() + RECORD_END_FOR.toNanos();
        boolean reported = false;
        while (true) {
            try {
                return jobs.finish(id, node, status, exit, reason);
            } catch (DatabaseUnavailableException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                if (!reported) {
                    LOG.warn("job {}: ended {}, but {}: recorded once the database answers", id, status, e.getMessage());
                    reported = true;
                }
                try {
                    Thread.sleep(RECORD_END_RETRY.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private RunRequest request(JobStore.Claimed job, Path tmp)
            throws IOException, DatabaseUnavailableException, java.security.GeneralSecurityException {
        ProjectStore.Project project = new ProjectStore.Project(job.projectId(), job.project(), job.revision(), null, null);
        Path dir = files.ensure(project, job.revision());
        InventoryStore.Inventory inventory = inventories.find(job.inventoryId());
        if (inventory == null) {
            throw new IOException("inventory " + job.inventoryId() + " no longer exists");
        }
        Path inventoryFile = InventoryCheck.write(tmp, inventory.content());
        RunRequest.Builder b = RunRequest.builder(dir.resolve(job.playbook()))
                .workingDirectory(dir)
                .inventory(inventoryFile)
                .check(job.check())
                .hostKeyPolicy(HostKeyPolicy.ACCEPT_NEW)
                .knownHosts(knownHosts);
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = JSON.readValue(job.extraVarsJson(), Map.class);
        b.extraVars(extra);
        if (job.limit() != null && !job.limit().isBlank()) {
            b.limit(job.limit());
        }
        Set<String> tags = tags(job.tags());
        if (!tags.isEmpty()) {
            b.tags(tags);
        }
        if (job.credentialId() != null) {
            CredentialStore.Secret secret = credentials.secret(job.credentialId());
            Map<String, Object> below = new LinkedHashMap<>();
            below.put("ansible_user", secret.username());
            if (secret.sshKey() != null && !secret.sshKey().isBlank()) {
                Path key = tmp.resolve("ssh_key");
                Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                String pem = secret.sshKey().endsWith("\n") ? secret.sshKey() : secret.sshKey() + "\n";
                Files.writeString(key, pem, StandardCharsets.UTF_8);
                below.put("ansible_ssh_private_key_file", key.toString());
            }
            // Below the inventory, as -u and --private-key are: a host's own ansible_user still wins.
            b.defaultVars(below);
            if (secret.becomePassword() != null && !secret.becomePassword().isEmpty()) {
                b.becomePassword(secret.becomePassword());
            }
        }
        return b.build();
    }

    static Set<String> tags(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text != null) {
            Arrays.stream(text.split(",")).map(String::strip).filter(t -> !t.isEmpty()).forEach(out::add);
        }
        return out;
    }
}
