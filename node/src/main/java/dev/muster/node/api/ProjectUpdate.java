package dev.muster.node.api;

import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.job.ControlExchange;
import dev.muster.node.project.ProjectStore;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A project update: the archive is stored as a revision (its SHA-256), announced on the control exchange, and
 * every node that is alive now must answer (unpacked, or its error) within {@link #WAIT}. Only when every one
 * unpacked it does the project's current revision move: until then jobs keep the previous one.
 */
public final class ProjectUpdate {
    static final Duration WAIT = Duration.ofSeconds(60);

    private final ProjectStore store;
    private final ControlExchange control;
    private final AliveNodes alive;
    private final Duration wait;

    /** The names of the nodes alive now. */
    public interface AliveNodes {
        List<String> names() throws DatabaseUnavailableException;
    }

    public ProjectUpdate(ProjectStore store, ControlExchange control, AliveNodes alive) {
        this(store, control, alive, WAIT);
    }

    ProjectUpdate(ProjectStore store, ControlExchange control, AliveNodes alive, Duration wait) {
        this.store = store;
        this.control = control;
        this.alive = alive;
        this.wait = wait;
    }

    Reply run(ProjectStore.Project project, byte[] archive) throws DatabaseUnavailableException {
        String revision = ProjectResource.sha256(archive);
        store.saveRevision(project.id(), revision, archive);
        List<String> nodes = alive.names();
        try {
            control.publish(Map.of("project", project.name(), "revision", revision));
        } catch (IOException e) {
            throw new ApiError(503, "cannot announce the update: " + e.getMessage());
        }
        Map<String, String> answers = await(project.id(), revision, nodes);
        Map<String, String> failed = new LinkedHashMap<>();
        for (String node : nodes) {
            String answer = answers.get(node);
            if (answer == null) {
                failed.put(node, "no answer within " + wait.toSeconds() + " s");
            } else if (!"ok".equals(answer)) {
                failed.put(node, answer);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", project.name());
        body.put("revision", revision);
        if (failed.isEmpty()) {
            store.setRevision(project.id(), revision);
            body.put("status", "successful");
            Map<String, String> ok = new LinkedHashMap<>();
            nodes.forEach(n -> ok.put(n, "ok"));
            body.put("nodes", ok);
            return Reply.ok(body);
        }
        body.put("status", "failed");
        body.put("nodes", failed);
        body.put("detail", "the update did not reach every alive node: " + String.join(", ", failed.keySet())
                + "; the project stays at revision " + project.revision());
        return new Reply(502, body);
    }

    private Map<String, String> await(long projectId, String revision, List<String> nodes)
            throws DatabaseUnavailableException {
        long deadline = System.nanoTime() + wait.toNanos();
        Supplier<Boolean> late = () -> System.nanoTime() - deadline > 0;
        while (true) {
            Map<String, String> answers = store.syncResults(projectId, revision);
            if (answers.keySet().containsAll(nodes) || late.get()) {
                return answers;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answers;
            }
        }
    }
}
