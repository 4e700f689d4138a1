package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.node.DatabaseUnavailableException;
import java.util.List;
import java.util.Map;

/**
 * The shape that credentials/, inventories/ and projects/ share: {@code GET} lists, {@code POST} saves by name
 * (201 when new, 200 when it replaced one), {@code NAME/} shows one. A subclass says how to list, save, find and
 * show its items, and may answer deeper paths ({@code NAME/...}) itself.
 */
abstract class NamedCollection<T> implements Resource {
    private final String singular;
    private final String plural;

    /** @param singular the noun in "no credential named 'x'"; @param plural the path segment, e.g. "credentials" */
    NamedCollection(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    /** Whether {@code save} created the item (201) or replaced an existing one (200). */
    record Saved(String name, boolean created) {
    }

    abstract List<T> list() throws DatabaseUnavailableException;

    /** Checks the body (unknown fields, required ones) and saves it. */
    abstract Saved save(JsonNode body) throws DatabaseUnavailableException;

    /** The item with this name, or null. */
    abstract T find(String name) throws DatabaseUnavailableException;

    /** What a reply shows of an item: {@code detail} in the one-item reply, the short form in lists. */
    abstract Map<String, Object> view(T item, boolean detail);

    /** Paths below {@code NAME/}; none by default. */
    Reply handleBelow(ApiRequest request, T item) throws DatabaseUnavailableException {
        throw ApiError.notFound("no such endpoint under " + plural + "/" + request.segment(1) + "/");
    }

    @Override
    public final Reply handle(ApiRequest request) throws DatabaseUnavailableException {
        int depth = request.segments().size();
        if (depth == 1) {
            request.require("GET", "POST");
            if (request.method().equals("GET")) {
                return Reply.ok(Map.of("results", list().stream().map(item -> view(item, false)).toList()));
            }
            Saved saved = save(request.json());
            return new Reply(saved.created() ? 201 : 200, view(find(saved.name()), false));
        }
        T item = find(request.segment(1));
        if (item == null) {
            throw ApiError.notFound("no " + singular + " named '" + request.segment(1) + "'");
        }
        if (depth == 2) {
            request.require("GET");
            return Reply.ok(view(item, true));
        }
        return handleBelow(request, item);
    }
}
