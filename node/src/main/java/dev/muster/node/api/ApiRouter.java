package dev.muster.node.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import dev.muster.node.auth.Auth;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything under {@code /api/v1/} but ping and health: authenticates, reads the body (bounded), hands the
 * request to the resource named by the first path segment, and writes its reply or error as JSON. A request
 * that fails authentication gets 401 before its body is read or anything is done.
 */
public final class ApiRouter implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "/api/v1/";
    /** JSON bodies: room for large extra_vars, but never the heap. */
    static final int MAX_JSON = 8 << 20;
    /** Project archives (a .tar.gz of playbooks and roles). */
    public static final int MAX_ARCHIVE = 32 << 20;

    private final Auth auth;
    private final Map<String, Resource> resources;

    public ApiRouter(Auth auth, Map<String, Resource> resources) {
        this.auth = auth;
        this.resources = Map.copyOf(resources);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Reply reply;
            try {
                reply = route(ex);
            } catch (ApiError e) {
                reply = new Reply(e.status(), Map.of("detail", e.getMessage()));
            } catch (DatabaseUnavailableException e) {
                reply = new Reply(503, Map.of("detail", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), OneLine.of(e), e);
                reply = new Reply(500, Map.of("detail", "internal error: " + OneLine.of(e)));
            }
            write(ex, reply);
        } catch (IOException e) {
            LOG.debug("reply to {} not sent: {}", ex.getRequestURI(), OneLine.of(e));
        }
    }

    private Reply route(HttpExchange ex) throws DatabaseUnavailableException, IOException {
        String principal;
        try {
            principal = auth.authenticate(ex.getRequestHeaders().getFirst("Authorization")).username();
        } catch (Auth.Refused e) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"muster\"");
            throw new ApiError(401, e.getMessage());
        }
        List<String> segments = segments(ex.getRequestURI().getPath());
        Resource resource = segments.isEmpty() ? null : resources.get(segments.get(0));
        if (resource == null) {
            throw ApiError.notFound("no such endpoint: " + ex.getRequestURI().getPath());
        }
        boolean archive = segments.size() == 3 && "update".equals(segments.get(2));
        byte[] body = readBody(ex.getRequestBody(), archive ? MAX_ARCHIVE : MAX_JSON);
        ApiRequest request = new ApiRequest(ex.getRequestMethod(), segments, ex.getRequestURI().getRawQuery(), body,
                ex.getRequestHeaders().getFirst("Content-Type"), principal);
        return resource.handle(request);
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.substring(Math.min(path.length(), PREFIX.length())).split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static byte[] readBody(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        if (body.length > max) {
            throw new ApiError(413, "request body larger than " + (max >> 20) + " MB");
        }
        return body;
    }

    private static void write(HttpExchange ex, Reply reply) throws IOException {
        byte[] body = reply.body() instanceof Reply.RawJson raw ? raw.text().getBytes(StandardCharsets.UTF_8)
                : JSON.writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
