package dev.muster.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlayRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PlayRun run(int code, String... lines) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String l : lines) {
            events.add(JSON.readTree(l));
        }
        return new PlayRun(code, events);
    }

    @Test
    void readsResultsPerTaskAndHost() throws Exception {
        PlayRun r = run(3,
                "{\"event\":\"task_start\",\"name\":\"reachable\"}",
                "{\"event\":\"host_result\",\"task\":\"reachable\",\"host\":\"hosta\",\"status\":\"OK\",\"data\":{\"stdout\":\"\",\"rc\":0}}",
                "{\"event\":\"host_result\",\"task\":\"reachable\",\"host\":\"hostb\",\"status\":\"UNREACHABLE\",\"message\":\"timed out connecting to 10.0.0.2:22\\nmore\"}",
                "{\"event\":\"host_result\",\"task\":\"registry\",\"host\":\"hosta\",\"status\":\"CHANGED\",\"data\":{\"stdout\":\"{}\",\"rc\":0}}",
                "{\"event\":\"host_result\",\"task\":\"x\",\"host\":\"hostc\",\"status\":\"FAILED\",\"ignored\":true,\"message\":\"ignored\"}");
        assertTrue(r.ok("reachable", "hosta"));
        assertFalse(r.ok("reachable", "hostb"));
        assertFalse(r.ok("reachable", "hostz"));
        assertTrue(r.changed("registry", "hosta"));
        assertEquals("{}", r.stdout("registry", "hosta"));
        assertEquals(0, r.data("registry", "hosta", "rc").orElseThrow().asInt());
        assertEquals(Set.of("hostb"), r.unreachable());
        assertEquals("timed out connecting to 10.0.0.2:22", r.unreachableReason("hostb"));
        assertEquals(List.of("hostb: reachable (unreachable): timed out connecting to 10.0.0.2:22\nmore"), r.failures());
    }

    @Test
    void aFailedRunWithoutResultsStillSaysSomething() throws Exception {
        assertEquals(List.of("muster play ended with exit code 4 (see the messages above)"), run(4).failures());
    }
}
