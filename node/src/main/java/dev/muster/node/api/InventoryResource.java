package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.inventory.InventoryCheck;
import dev.muster.node.inventory.InventoryStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/inventories/}: save (POST {"name", "content"}, checked by the engine's parser), list, show. */
public final class InventoryResource implements Resource {
    private final InventoryStore store;

    public InventoryResource(InventoryStore store) {
        this.store = store;
    }

    @Override
    public Reply handle(ApiRequest r) throws DatabaseUnavailableException {
        if (r.segments().size() == 1) {
            r.require("GET", "POST");
            if (r.method().equals("GET")) {
                return Reply.ok(Map.of("results", store.list().stream().map(i -> view(i, false)).toList()));
            }
            JsonNode body = r.json();
            Fields.onlyKnown(body, Set.of("name", "content"));
            String name = Fields.name(body, "name");
            String content = Fields.requiredText(body, "content");
            String problem = InventoryCheck.problem(name, content);
            if (problem != null) {
                throw ApiError.badRequest(problem);
            }
            boolean created = store.save(name, content);
            return new Reply(created ? 201 : 200, view(store.find(name), false));
        }
        if (r.segments().size() == 2) {
            r.require("GET");
            InventoryStore.Inventory i = store.find(r.segment(1));
            if (i == null) {
                throw ApiError.notFound("no inventory named '" + r.segment(1) + "'");
            }
            return Reply.ok(view(i, true));
        }
        throw ApiError.notFound("no such endpoint under inventories/");
    }

    private static Map<String, Object> view(InventoryStore.Inventory i, boolean content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("name", i.name());
        m.put("updated", i.updated());
        if (content) {
            m.put("content", i.content());
        }
        return m;
    }
}
