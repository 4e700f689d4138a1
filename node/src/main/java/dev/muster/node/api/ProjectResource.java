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
public final class ProjectResource implements Resource {
    private final ProjectStore store;
    private final ProjectUpdate update;

    public ProjectResource(ProjectStore store, ProjectUpdate update) {
        this.store = store;
        this.update = update;
    }

    @Override
    public Reply handle(ApiRequest r) throws DatabaseUnavailableException {
        int n = r.segments().size();
        if (n == 1) {
            r.require("GET", "POST");
            if (r.method().equals("GET")) {
                return Reply.ok(Map.of("results", store.list().stream().map(ProjectResource::view).toList()));
            }
            JsonNode body = r.json();
            Fields.onlyKnown(body, Set.of("name"));
            String name = Fields.name(body, "name");
            boolean created = store.create(name);
            return new Reply(created ? 201 : 200, view(store.find(name)));
        }
        ProjectStore.Project project = store.find(r.segment(1));
        if (project == null) {
            throw ApiError.notFound("no project named '" + r.segment(1) + "'");
        }
        if (n == 2) {
            r.require("GET");
            return Reply.ok(view(project));
        }
        if (n == 3 && "update".equals(r.segment(2))) {
            r.require("POST");
            if (r.body().length == 0) {
                throw ApiError.badRequest("the body must be the project's .tar.gz archive");
            }
            return update.run(project, r.body());
        }
        throw ApiError.notFound("no such endpoint under projects/" + project.name() + "/");
    }

    static Map<String, Object> view(ProjectStore.Project p) {
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
