package dev.muster.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.node.job.JobEventWriter;
import dev.muster.report.Event;
import dev.muster.report.RunEvent;
import dev.muster.report.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event writer against a real PostgreSQL: 200,000 events as a loop's item results, pushed as fast as one
 * thread can, then read back complete and in order. Measures the ingestion rate (the goal: 5,000 events/s).
 */
class JobEventWriterIT {
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Test
    void ingestsTwoHundredThousandEventsInOrder() throws Exception {
        long cpu0 = cpuNanos();
        PostgresServer pg = TestServices.postgres();
        String url = pg.createDatabase("event_writer_it");
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE job_event (job_id bigint NOT NULL, seq bigint NOT NULL, ts timestamptz NOT NULL,"
                    + " event jsonb NOT NULL, PRIMARY KEY (job_id, seq))");
        }
        int n = 200_000;
        JobEventWriter writer = new JobEventWriter(42, () -> DriverManager.getConnection(url, "postgres", ""));
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Event e = new Event.HostResult("print a line per item", "debug", "localhost", Status.OK, "line " + i,
                    Integer.toString(i), false, Map.of("msg", "line " + i, "changed", false, "failed", false), null, 0);
            writer.on(new RunEvent("run", i + 1, Instant.now(), "localhost", "print a line per item", "localhost", e));
        }
        long queued = System.nanoTime();
        writer.close();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        System.out.printf("[measure] event writer: %d events into PostgreSQL in %.2f s = %.0f events/s"
                + " (producing them took %.2f s; this JVM used %.1f s of CPU; load average %.1f)%n", n, seconds, n / seconds,
                (queued - t0) / 1e9, cpu, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertEquals(n, writer.written());
        assertEquals(0, writer.dropped());
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), min(seq), max(seq),"
                     + " bool_and(event->>'message' = 'line ' || (seq - 1)) FROM job_event WHERE job_id = 42")) {
            rs.next();
            assertEquals(n, rs.getInt(1));
            assertEquals(1, rs.getLong(2));
            assertEquals(n, rs.getLong(3));
            assertTrue(rs.getBoolean(4), "every event's message matches its place");
        }
        // The rate is printed, not asserted: on a shared machine it says more about the load than about the code.
    }
}
