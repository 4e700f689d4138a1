package dev.muster.node.project;

import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of a project update: on {@code {"project", "revision"}} it unpacks the revision (from
 * PostgreSQL) into its own projects directory and records its answer in {@code project_sync}, where the node
 * that took the update waits for every alive node's answer.
 */
public final class ProjectSync {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectSync.class);

    private final ProjectStore store;
    private final ProjectFiles files;
    private final String node;

    public ProjectSync(ProjectStore store, ProjectFiles files, String node) {
        this.store = store;
        this.files = files;
        this.node = node;
    }

    public void apply(String projectName, String revision) {
        try {
            ProjectStore.Project project = store.find(projectName);
            if (project == null) {
                LOG.warn("project update for unknown project {}", projectName);
                return;
            }
            String error = null;
            try {
                files.ensure(project, revision);
                LOG.info("project {} revision {} unpacked", projectName, revision);
            } catch (IOException | RuntimeException e) {
                error = OneLine.of(e);
                LOG.warn("project {} revision {} not unpacked: {}", projectName, revision, error);
            }
            store.recordSync(project.id(), revision, node, error);
        } catch (DatabaseUnavailableException e) {
            LOG.warn("project {} revision {}: {}", projectName, revision, e.getMessage());
        }
    }
}
