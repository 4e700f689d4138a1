package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.credential.CredentialStore;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/credentials/}: save (POST {"name", "username", "ssh_key", "become_password"}), list, show.
 * Replies carry id, name and username only: a secret, once stored, never leaves the node again but into a job.
 */
public final class CredentialResource extends NamedCollection<CredentialStore.Summary> {
    private final CredentialStore store;

    public CredentialResource(CredentialStore store) {
        super("credential", "credentials");
        this.store = store;
    }

    @Override
    List<CredentialStore.Summary> list() throws DatabaseUnavailableException {
        return store.list();
    }

    @Override
    Saved save(JsonNode body) throws DatabaseUnavailableException {
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
        return new Saved(name, store.save(name, username, key, become));
    }

    @Override
    CredentialStore.Summary find(String name) throws DatabaseUnavailableException {
        return store.find(name);
    }

    @Override
    Map<String, Object> view(CredentialStore.Summary c, boolean detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("username", c.username());
        return m;
    }
}
