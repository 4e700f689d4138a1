package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;

/**
 * Reads a job's events page by page, in order ({@code ?after=SEQ}), printing each as it comes; with follow, keeps
 * asking until the node says the stream is complete, then returns the job's final state.
 */
final class JobEventsReader {

    private static final Duration POLL = Duration.ofMillis(500);

    private final ApiClient api;
    private final PrintWriter out;
    private final boolean json;

    JobEventsReader(ApiClient api, PrintWriter out, boolean json) {
        this.api = api;
        this.out = out;
        this.json = json;
    }

    /** Prints every event after {@code after}, page after page; following, waits for more until the stream is complete.
     * Returns the job as it is then. */
    JsonNode read(long id, long after, boolean follow) throws InterruptedException {
        long next = after;
        while (true) {
            JsonNode page = api.get("/api/v1/jobs/" + id + "/events/?after=" + next + "&limit=1000");
            for (JsonNode event : page.path("events")) {
                out.print(json ? event + "\n" : EventLines.render(event));
            }
            out.flush();
            next = Math.max(next, page.path("next").asLong(next));
            if (page.path("events").isEmpty()) {
                if (!follow || page.path("complete").asBoolean(false)) {
                    return api.get("/api/v1/jobs/" + id + "/");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
