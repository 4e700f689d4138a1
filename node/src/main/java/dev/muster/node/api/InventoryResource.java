package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.inventory.InventoryCheck;
import dev.muster.node.inventory.InventoryStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /api/v1/inventories/}: save (POST {"name", "content"}, checked by the engine's parser), list, show. */
public final class InventoryResource extends NamedCollection<InventoryStore.Inventory> {
    private final InventoryStore store;

    public InventoryResource(InventoryStore store) {
        super("inventory", "inventories");
        this.store = store;
    }

    @Override
    List<InventoryStore.Inventory> list() throws DatabaseUnavailableException {
        return store.list();
    }

    @Override
    Saved save(JsonNode body) throws DatabaseUnavailableException {
        Fields.onlyKnown(body, Set.of("name", "content"));
        String name = Fields.name(body, "name");
        String content = Fields.requiredText(body, "content");
        String problem = InventoryCheck.problem(name, content);
        if (problem != null) {
            throw ApiError.badRequest(problem);
        }
        return new Saved(name, store.save(name, content));
    }

    @Override
    InventoryStore.Inventory find(String name) throws DatabaseUnavailableException {
        return store.find(name);
    }

    @Override
    Map<String, Object> view(InventoryStore.Inventory i, boolean content) {
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
