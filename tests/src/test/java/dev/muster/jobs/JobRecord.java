package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A finished job as the API recorded it: where it ran and when it was created, started and finished (database clock). */
record JobRecord(long id, String status, String node, Instant created, Instant started, Instant finished, String reason) {

    static JobRecord of(JsonNode job) {
        return new JobRecord(job.path("id").asLong(), job.path("status").asText(), job.path("node").asText(""),
                time(job, "created"), time(job, "started"), time(job, "finished"), job.path("reason").asText(""));
    }

    private static Instant time(JsonNode job, String field) {
        String text = job.path(field).asText("");
        return text.isEmpty() ? null : Instant.parse(text);
    }

    Duration launchToStart() {
        return Duration.between(created, started);
    }

    /** The most jobs of {@code jobs} running at one instant (a job ending at t and one starting at t do not overlap). */
    static int maxConcurrent(List<JobRecord> jobs) {
        record Edge(Instant at, int delta) {
        }
        List<Edge> edges = new ArrayList<>();
        for (JobRecord job : jobs) {
            edges.add(new Edge(job.started(), 1));
            edges.add(new Edge(job.finished(), -1));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
        int running = 0;
        int most = 0;
        for (Edge edge : edges) {
            running += edge.delta();
            most = Math.max(most, running);
        }
        return most;
    }

    /** The nearest-rank percentile (0 < p <= 100) of the durations, in milliseconds. */
    static long percentileMillis(List<Duration> durations, double p) {
        List<Long> sorted = durations.stream().map(Duration::toMillis).sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
