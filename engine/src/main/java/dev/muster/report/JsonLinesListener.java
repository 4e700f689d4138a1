package dev.muster.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One JSON object per line per event ({@code --json} on stdout, and the log file). */
public final class JsonLinesListener implements EventListener {

    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final PrintWriter out;
    private final boolean closeOut;
    private final int verbosity;
    /** Whether a queue tells this listener when it has caught up (then it flushes there, not per event). */
    private volatile boolean queued;

    /** @param verbosity verbose events up to this level are written (3 includes the scripts sent to hosts) */
    public JsonLinesListener(PrintWriter out, boolean closeOut, int verbosity) {
        this.out = out;
        this.closeOut = closeOut;
        this.verbosity = verbosity;
    }

    @Override
    public void on(Event event) {
        write(event, Instant.now(), null);
    }

    /** With the run id, sequence number and the time the event happened (not the time it is written). */
    @Override
    public void on(RunEvent stamped) {
        write(stamped.event(), stamped.time(), stamped);
    }

    private void write(Event event, Instant time, RunEvent stamped) {
        if (event instanceof Event.Verbose verbose && verbose.level() > verbosity) {
            return;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("event", event.type());
        header.put("time", time.toString());
        if (stamped != null) {
            header.put("run_id", stamped.runId());
            header.put("seq", stamped.sequence());
            if (stamped.play() != null) {
                header.put("play", stamped.play());
            }
        }
        try {
            out.println(joined(json.writeValueAsString(header), json.writeValueAsString(event)));
        } catch (JsonProcessingException e) {
            out.println("{\"event\":\"error\",\"message\":\"cannot write event " + event.type() + "\"}");
        }
        if (!queued) {
            out.flush();
        }
    }

    /**
     * Behind a {@link QueuedListener}, lines are written out when its queue runs empty ({@link #caughtUp}) instead of
     * one write per event: a 30-host run's log is 600 events in bursts of 30.
     */
    @Override
    public void caughtUp() {
        queued = true;
        out.flush();
    }

    /**
     * The header's fields, then the event's, as one object. The event is serialized once, straight to text: turning it
     * into a map first (and that map into text) doubled the work of the busiest listener, one event per task and host.
     * No event has a field named like a header's (event, time, run_id, seq, play).
     */
    private static String joined(String header, String body) {
        if (body.equals("{}")) {
            return header;
        }
        return header.substring(0, header.length() - 1) + "," + body.substring(1);
    }

    @Override
    public void close() {
        out.flush();
        if (closeOut) {
            out.close();
        }
    }

    @Override
    public int verbosity() {
        return verbosity;
    }
}
