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
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event.type());
        line.put("time", time.toString());
        if (stamped != null) {
            line.put("run_id", stamped.runId());
            line.put("seq", stamped.sequence());
            if (stamped.play() != null) {
                line.put("play", stamped.play());
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = json.convertValue(event, Map.class);
        line.putAll(fields);
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            out.println("{\"event\":\"error\",\"message\":\"cannot write event " + event.type() + "\"}");
        }
        out.flush();
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
