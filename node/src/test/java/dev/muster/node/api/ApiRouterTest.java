package dev.muster.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiRouterTest {
    @Test
    void pathsSplitIntoSegments() {
        assertEquals(List.of("jobs", "7", "events"), ApiRouter.segments("/api/v1/jobs/7/events/"));
        assertEquals(List.of("jobs"), ApiRouter.segments("/api/v1/jobs"));
        assertEquals(List.of(), ApiRouter.segments("/api/v1/"));
    }

    @Test
    void queryNumbersAreChecked() {
        ApiRequest r = new ApiRequest("GET", List.of("jobs"), "after=5&limit=x", new byte[0], null, "admin");
        assertEquals(5, r.queryLong("after", 0, 0, 100));
        assertEquals(400, assertThrows(ApiError.class, () -> r.queryLong("limit", 1000, 1, 10000)).status());
        assertEquals(400, assertThrows(ApiError.class, () -> r.queryLong("after", 0, 6, 100)).status());
        assertEquals(400, assertThrows(ApiError.class, r::json).status());
        assertEquals(405, assertThrows(ApiError.class, () -> r.require("POST")).status());
    }
}
