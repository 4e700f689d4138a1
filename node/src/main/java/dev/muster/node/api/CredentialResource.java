package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.credential.CredentialStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/credentials/}: save (POST {"name", "username", "ssh_key", "become_password"}), list, show.
 * Replies carry id, name and username only: a secret, once stored, never leaves the node again but into a job.
 */
public final class CredentialResource implements Resource {
    private final CredentialStore store;

    public CredentialResource(CredentialStore store) {
        this.store = store;
    }

    @Override
    public Reply handle(ApiRequest r) throws DatabaseUnavailableException {
        if (r.segments().size() == 1) {
            r.require("GET", "POST");
            if (r.method().equals("GET")) {
                return Reply.ok(Map.of("results", store.list().stream().map(CredentialResource::view).toList()));
            }
            JsonNode body = r.json();
            Fields.onlyKnown(body, Set.of("name", "username", "ssh_key", "become_password"));
            String name = Fields.name(body, "name");
            String username = Fields.requiredText(body, "username");
            String key = Fields.optionalText(body, "ssh_key");
            String become = Fields.optionalText(body, "become_password");
            if (key != null && !key.isBlank() && !key.strip().startsWith("-----BEGIN ")) {
                throw ApiError.badRequest("'ssh_key' must be a private key in PEM form (-----BEGIN ... PRIVATE KEY-----)");
            }
            if (!store.hasKey()) {
                throw new ApiError(503, "this node has no cluster key (cluster.key_file): credentials cannot be stored");
            }
            boolean created = store.save(name, username, key, become);
            return new Reply(created ? 201 : 200, view(store.find(name)));
        }
        if (r.segments().size() == 2) {
            r.require("GET");
            CredentialStore.Summary c = store.find(r.segment(1));
            if (c == null) {
                throw ApiError.notFound("no credential named '" + r.segment(1) + "'");
            }
            return Reply.ok(view(c));
        }
        throw ApiError.notFound("no such endpoint under credentials/");
    }

    private static Map<String, Object> view(CredentialStore.Summary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("username", c.username());
        return m;
    }
}
