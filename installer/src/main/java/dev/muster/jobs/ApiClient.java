package dev.muster.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The cluster's HTTP API (JSON in and out) over java.net.http: one method per kind of request, every answer
 * either the 2xx body as JSON or an {@link ApiException} that says what was asked, what answered and why.
 */
public final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String authorization;
    private final Duration timeout;

    /**
     * A client of the node at {@code url} (https, or http straight to a node service), with an Authorization header
     * ({@link #basic} or "Bearer TOKEN"), trusting the JDK's authorities, or only {@code ca}, or anything when insecure.
     */
    public static ApiClient open(URI url, String authorization, Path ca, boolean insecure, Duration timeout) {
        return new ApiClient(url, authorization, "https".equals(url.getScheme()) ? Tls.context(ca, insecure) : null, timeout);
    }

    /** The HTTP Basic Authorization header's value. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private ApiClient(URI url, String authorization, SSLContext tls, Duration timeout) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        String text = url.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.authorization = authorization;
        this.timeout = timeout;
    }

    public JsonNode get(String path) {
        return send(request(path).GET(), "GET", path);
    }

    public JsonNode post(String path, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), "POST", path);
    }

    public JsonNode postBytes(String path, byte[] body, String contentType) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "POST", path);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest.Builder request, String method, String path) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new ApiException(method + " " + base + path + ": no answer within " + timeout.toSeconds()
                    + " s (--timeout)", e);
        } catch (ConnectException e) {
            throw new ApiException("cannot connect to " + base + " (refused, or no route to it): " + reason(e), e);
        } catch (SSLException e) {
            throw new ApiException("TLS with " + base + " failed: " + reason(e) + " (give the node's certificate with"
                    + " --ca FILE, on a node /etc/nginx/ssl/muster.crt, or --insecure in a lab)", e);
        } catch (IOException e) {
            throw new ApiException(method + " " + base + path + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(method + " " + base + path + ": interrupted", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return body;
        }
        throw new ApiException(status, body, describe(method, path, status, body));
    }

    private String describe(String method, String path, int status, JsonNode body) {
        String detail = body.path("detail").asText("");
        if (detail.isEmpty()) {
            detail = body.isMissingNode() || body.isNull() ? "(no details)" : body.toString();
        }
        String what = method + " " + path + ": HTTP " + status + ": " + detail;
        if (status == 401) {
            return what + " (the cluster refused the credentials: check --user and --password-file or --token-file)";
        }
        if (status == 404 && detail.equals("(no details)")) {
            return what + " (is --url a Muster node? " + base + ")";
        }
        return what;
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return NullNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            // nginx's own error pages (502 when the node service is down, 413 for a too large body) are HTML
            String text = new String(body, StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ")
                    .replaceAll("\\s+", " ").strip();
            return JSON.createObjectNode().put("detail", text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    private static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
