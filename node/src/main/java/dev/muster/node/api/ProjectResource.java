package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.project.ProjectStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/projects/}: create (POST {"name"}), list, show ({@code NAME/}), and update
 * ({@code NAME/update/}, a .tar.gz body) through {@link ProjectUpdate}.
 */
public final class ProjectResource extends NamedCollection<ProjectStore.Project> {
    private final ProjectStore store;
    private final ProjectUpdate update;

    public ProjectResource(ProjectStore store, ProjectUpdate update) {
        super("project", "projects");
        this.store = store;
        this.update = update;
    }

    @Override
    List<ProjectStore.Project> list() throws DatabaseUnavailableException {
        return store.list();
    }

    @Override
    Saved save(JsonNode body) throws DatabaseUnavailableException {
        Fields.onlyKnown(body, Set.of("name"));
        String name = Fields.name(body, "name");
        return new Saved(name, store.create(name));
    }

    @Override
    ProjectStore.Project find(String name) throws DatabaseUnavailableException {
        return store.find(name);
    }

    /** {@code NAME/update/}: a new revision from the .tar.gz body. */
    @Override
    Reply handleBelow(ApiRequest r, ProjectStore.Project project) throws DatabaseUnavailableException {
        if (r.segments().size() == 3 && "update".equals(r.segment(2))) {
            r.require("POST");
            if (r.body().length == 0) {
                throw ApiError.badRequest("the body must be the project's .tar.gz archive");
            }
            return update.run(project, r.body());
        }
        return super.handleBelow(r, project);
    }

    @Override
    Map<String, Object> view(ProjectStore.Project p, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("revision", p.revision());
        m.put("created", p.created());
        m.put("updated", p.updated());
        return m;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
