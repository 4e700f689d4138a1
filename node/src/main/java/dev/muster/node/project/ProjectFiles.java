package dev.muster.node.project;

import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * This node's copy of each project revision: {@code projects.dir/NAME/REVISION/}. A revision is unpacked into a
 * hidden temporary directory and renamed into place whole, so a directory that exists is complete; a node that
 * missed an update (down, or joined later) fetches the revision from PostgreSQL when a job first needs it.
 */
public final class ProjectFiles {
    private final Path root;
    private final ProjectStore store;

    public ProjectFiles(Path root, ProjectStore store) {
        this.root = root;
        this.store = store;
    }

    public Path dir(String project, String revision) {
        return root.resolve(project).resolve(revision);
    }

    /** The revision's directory, unpacked from the stored archive when this node does not have it yet. */
    public synchronized Path ensure(ProjectStore.Project project, String revision)
            throws IOException, DatabaseUnavailableException {
        Path dir = dir(project.name(), revision);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        byte[] archive = store.archive(project.id(), revision);
        if (archive == null) {
            throw new IOException("revision " + revision + " of project " + project.name() + " is not stored");
        }
        Files.createDirectories(dir.getParent());
        Path tmp = dir.resolveSibling("." + revision + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        try {
            ProjectArchive.unpack(archive, tmp);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(dir)) {
                    throw new IOException("cannot put revision " + revision + " in place at " + dir + ": "
                            + (Files.exists(dir) ? "something else is there" : e.getMessage()), e);
                }
            }
            return dir;
        } finally {
            TempDirs.deleteTree(tmp);
        }
    }
}
