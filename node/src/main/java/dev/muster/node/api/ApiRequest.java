package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One authenticated request as the resources see it: method, the path's segments after {@code /api/v1/}, the
 * query, the body and who sent it. Reading the body as JSON and the query's numbers are checked here, once.
 */
public final class ApiRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String method;
    private final List<String> segments;
    private final Map<String, String> query;
    private final byte[] body;
    private final String contentType;
    private final String user;

    public ApiRequest(String method, List<String> segments, String rawQuery, byte[] body, String contentType, String user) {
        this.method = method;
        this.segments = segments;
        this.query = parseQuery(rawQuery);
        this.body = body;
        this.contentType = contentType;
        this.user = user;
    }

    public String method() {
        return method;
    }

    /** Path segments after /api/v1/, without empty ones: {@code jobs/7/events/} is [jobs, 7, events]. */
    public List<String> segments() {
        return segments;
    }

    public String segment(int i) {
        return i < segments.size() ? segments.get(i) : null;
    }

    public byte[] body() {
        return body;
    }

    public String contentType() {
        return contentType;
    }

    public String user() {
        return user;
    }

    /** The body as a JSON object, or 400. */
    public JsonNode json() {
        if (body.length == 0) {
            throw ApiError.badRequest("a JSON object is required as the request body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiError.badRequest("malformed JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    /** A query parameter as a whole number within [min, max], or {@code fallback} when absent; else 400. */
    public long queryLong(String name, long fallback, long min, long max) {
        String v = query.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw ApiError.badRequest(name + " must be from " + min + " to " + max + ", got " + v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a whole number, got '" + v + "'");
        }
    }

    /** 405 unless the method is one of {@code allowed}. */
    public void require(String... allowed) {
        for (String m : allowed) {
            if (m.equals(method)) {
                return;
            }
        }
        throw new ApiError(405, "method " + method + " not allowed here (allowed: " + String.join(", ", allowed) + ")");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
