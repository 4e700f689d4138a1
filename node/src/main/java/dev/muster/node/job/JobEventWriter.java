package dev.muster.node.job;

import dev.muster.node.OneLine;
import dev.muster.report.Event;
import dev.muster.report.EventListener;
import dev.muster.report.JsonLinesListener;
import dev.muster.report.RunEvent;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.Writer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one job's events into {@code job_event} as they happen: each event becomes the engine's own JSON line
 * (the {@code --json} format, through {@link JsonLinesListener}, already masked by the engine), numbered 1, 2,
 * 3... for the job, and goes into a bounded queue; a thread of its own takes whatever has queued (up to
 * {@link #BATCH}) and writes it with one COPY on a connection of its own, so a job's output is readable within
 * a fraction of a second, a burst costs one round trip per batch, and memory holds at most the queue.
 * <p>
 * The engine hands events to this listener on its queue thread ({@code QueuedListener}); when our queue is full
 * that thread waits here, and the engine's own queue absorbs the burst. A database fault is retried with a new
 * connection for {@link #GIVE_UP_AFTER_MS}; after that the writer drops what it gets (counted) instead of
 * blocking the run, and {@link #close()} reports it.
 */
public final class JobEventWriter implements EventListener {
    private static final Logger LOG = LoggerFactory.getLogger(JobEventWriter.class);
    static final int QUEUE = 8192;
    static final int BATCH = 2000;
    /**
     * As long as a job's end waits for the database ({@link JobRunner#RECORD_END_FOR}): a restarted database host
     * took longer than the 30 s this was, and the job's events from the restart on were dropped. Memory stays
     * bounded meanwhile: this queue, then the engine's (which counts what it drops).
     */
    static final long GIVE_UP_AFTER_MS = JobRunner.RECORD_END_FOR.toMillis();

    /** Opens the writer's own JDBC connection. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    record Row(long seq, Instant time, String json) {
    }

    private static final Row END = new Row(-1, Instant.EPOCH, "");

    private final long jobId;
    private final Connector connector;
    private final BlockingQueue<Row> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LineCapture capture = new LineCapture();
    private final JsonLinesListener format = new JsonLinesListener(new PrintWriter(capture), false, Integer.MAX_VALUE);
    private final Thread thread;
    private long seq;
    private Instant pendingTime;
    private volatile long written;
    private volatile long dropped;
    private volatile String failure;
    private Connection connection;

    public JobEventWriter(long jobId, Connector connector) {
        this.jobId = jobId;
        this.connector = connector;
        this.thread = new Thread(this::drain, "job-" + jobId + "-events");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void on(Event event) {
        pendingTime = Instant.now();
        format.on(event);
    }

    @Override
    public void on(RunEvent event) {
        pendingTime = event.time();
        format.on(event);
    }

    /** Called by the capture with each JSON line the format writes. */
    private void line(String json) {
        Row row = new Row(++seq, pendingTime, json);
        if (failure != null) {
            dropped++;
            return;
        }
        try {
            queue.put(row);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dropped++;
        }
    }

    private void drain() {
        List<Row> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                Row first = queue.take();
                if (first == END) {
                    return;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                boolean end = batch.get(batch.size() - 1) == END;
                if (end) {
                    batch.remove(batch.size() - 1);
                }
                write(batch);
                batch.clear();
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConnection();
        }
    }

    private void write(List<Row> batch) throws InterruptedException {
        if (failure != null) {
            dropped += batch.size();
            return;
        }
        String copy = encode(batch);
        long deadline = System.currentTimeMillis() + GIVE_UP_AFTER_MS;
        long pause = 200;
        while (true) {
            try {
                if (connection == null) {
                    connection = connector.open();
                }
                ((PGConnection) connection).getCopyAPI().copyIn(
                        "COPY job_event (job_id, seq, ts, event) FROM STDIN", new StringReader(copy));
                written += batch.size();
                return;
            } catch (SQLException | java.io.IOException e) {
                closeConnection();
                if (System.currentTimeMillis() > deadline) {
                    failure = "events could not be stored: " + OneLine.of(e);
                    dropped += batch.size();
                    LOG.error("job {}: {}; dropping its further events", jobId, failure);
                    return;
                }
                LOG.warn("job {}: writing events failed ({}); retrying", jobId, OneLine.of(e));
                TimeUnit.MILLISECONDS.sleep(pause);
                pause = Math.min(pause * 2, 5000);
            }
        }
    }

    /** COPY's text format: tab-separated, with backslash, tab, newline and carriage return escaped. */
    String encode(List<Row> batch) {
        StringBuilder sb = new StringBuilder(batch.size() * 256);
        for (Row r : batch) {
            sb.append(jobId).append('\t').append(r.seq()).append('\t')
                    .append(r.time().truncatedTo(ChronoUnit.MICROS)).append('\t');
            String json = r.json();
            // jsonb refuses the NUL character even escaped; a job's output may contain one.
            if (json.contains("\\u0000")) {
                json = json.replace("\\u0000", "\\ufffd");
            }
            for (int i = 0; i < json.length(); i++) {
                char ch = json.charAt(i);
                switch (ch) {
                    case '\\' -> sb.append("\\\\");
                    case '\t' -> sb.append("\\t");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(ch);
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken anyway
            }
            connection = null;
        }
    }

    /** Waits until every queued event is written; the engine calls it after the last event. */
    @Override
    public void close() {
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long written() {
        return written;
    }

    public long dropped() {
        return dropped;
    }

    /** Why events were dropped, or null. */
    public String failure() {
        return failure;
    }

    /** Collects what the JSON-lines format prints; each flush ends one event's line. */
    private final class LineCapture extends Writer {
        private final StringBuilder buf = new StringBuilder(512);

        @Override
        public void write(char[] cbuf, int off, int len) {
            buf.append(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            buf.append(str, off, off + len);
        }

        @Override
        public void flush() {
            int end = buf.length();
            while (end > 0 && (buf.charAt(end - 1) == '\n' || buf.charAt(end - 1) == '\r')) {
                end--;
            }
            if (end > 0) {
                line(buf.substring(0, end));
            }
            buf.setLength(0);
        }

        @Override
        public void close() {
            flush();
        }
    }
}
