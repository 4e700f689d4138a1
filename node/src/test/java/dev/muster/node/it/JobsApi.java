package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The jobs API of one node, authenticated with a token. */
final class JobsApi {
    final int port;
    final String auth;

    JobsApi(int port, String auth) {
        this.port = port;
        this.auth = auth;
    }

    /** Logs in as admin with Basic and takes a token. */
    static JobsApi login(int port) throws IOException, InterruptedException {
        Http.Reply r = Http.send(port, "POST", "/api/v1/tokens/", Http.basic("admin", NodeConf.ADMIN_PASSWORD), (Object) null);
        assertEquals(201, r.status(), r.body().toString());
        return new JobsApi(port, "Bearer " + r.body().get("token").asText());
    }

    JobsApi on(int otherPort) {
        return new JobsApi(otherPort, auth);
    }

    Http.Reply get(String path) throws IOException, InterruptedException {
        return Http.send(port, "GET", path, auth, (Object) null);
    }

    Http.Reply post(String path, Object json) throws IOException, InterruptedException {
        return Http.send(port, "POST", path, auth, json);
    }

    Http.Reply upload(String project, byte[] archive) throws IOException, InterruptedException {
        return Http.send(port, "POST", "/api/v1/projects/" + project + "/update/", auth, archive, "application/gzip");
    }

    /** Launches and returns the job id (201 expected). */
    long launch(String playbook, Map<String, Object> extra) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("project", "p");
        body.put("playbook", playbook);
        body.put("inventory", "local");
        if (extra != null) {
            body.put("extra_vars", extra);
        }
        Http.Reply r = post("/api/v1/jobs/", body);
        assertEquals(201, r.status(), r.body().toString());
        assertEquals("pending", r.body().get("status").asText(), r.body().toString());
        return r.body().get("id").asLong();
    }

    JsonNode job(long id) throws IOException, InterruptedException {
        Http.Reply r = get("/api/v1/jobs/" + id + "/");
        assertEquals(200, r.status(), r.body().toString());
        return r.body();
    }

    JsonNode awaitJob(long id, Predicate<JsonNode> until, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = job(id);
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not reach the expected state within " + timeout.toSeconds()
                + " s: " + last);
    }

    static boolean ended(JsonNode job) {
        String s = job.get("status").asText();
        return !s.equals("pending") && !s.equals("running");
    }
}
