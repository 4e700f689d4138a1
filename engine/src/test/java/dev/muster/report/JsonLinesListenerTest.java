package dev.muster.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JsonLinesListenerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLineHoldsTheHeaderThenEveryFieldOfTheEventOnce() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rc", 0);
        data.put("stdout", "a \"quoted\" line\nand a second");
        data.put("none", null);
        Event result = new Event.HostResult("copy motd", "copy", "hosta", Status.CHANGED, "done", null, false, data, null, 12);
        StringWriter text = new StringWriter();
        JsonLinesListener listener = new JsonLinesListener(new PrintWriter(text), false, 2);

        listener.on(new RunEvent("run-1", 7, Instant.parse("2026-12-03T08:00:00Z"), "all", "copy motd", "hosta", result));

        JsonNode line = JSON.readTree(text.toString());
        assertEquals(List.of("event", "time", "run_id", "seq", "play", "task", "module", "host", "status", "message", "item",
                "loopSummary", "data", "diff", "millis"), fieldNames(line));
        assertEquals("host_result", line.get("event").asText());
        assertEquals("2026-12-03T08:00:00Z", line.get("time").asText());
        assertEquals(7, line.get("seq").asInt());
        assertEquals("a \"quoted\" line\nand a second", line.get("data").get("stdout").asText());
        assertTrue(line.get("data").get("none").isNull());
        assertEquals(1, text.toString().lines().count());
    }

    @Test
    void anEventOutsideARunHasNoRunFields() throws Exception {
        StringWriter text = new StringWriter();
        new JsonLinesListener(new PrintWriter(text), false, 2).on(new Event.Warning("careful"));
        JsonNode line = JSON.readTree(text.toString());
        assertEquals(List.of("event", "time", "text"), fieldNames(line));
        assertEquals("careful", line.get("text").asText());
    }

    /** The listener joins the header and the event as text, which is only valid JSON while no name is in both. */
    @Test
    void noEventHasAFieldNamedLikeAHeaderField() {
        Set<String> header = Set.of("event", "time", "run_id", "seq", "play");
        for (Class<?> kind : Event.class.getPermittedSubclasses()) {
            Set<String> fields = Arrays.stream(kind.getRecordComponents()).map(c -> c.getName()).collect(Collectors.toSet());
            fields.retainAll(header);
            assertEquals(Set.of(), fields, kind.getSimpleName());
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
