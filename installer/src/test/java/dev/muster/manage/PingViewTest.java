package dev.muster.manage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PingViewTest {
    @Test
    void readable() throws Exception {
        String text = PingView.render("hosta", new ObjectMapper().readTree("""
                {"ha":true,"version":"0.1.0","active_node":"hosta","instances":[
                  {"node":"hosta","capacity":8,"version":"0.1.0","status":"alive","heartbeat":"t1"},
                  {"node":"hostb","capacity":0,"version":"0.1.0","status":"lost","heartbeat":"t0"}],
                 "rabbitmq":{"reachable":true,"cluster_name":"rabbit@hosta","known_nodes":["rabbit@hosta","rabbit@hostb"],
                   "running_nodes":["rabbit@hosta"],"partitions":{},"missing_nodes":["rabbit@hostb"]},
                 "database":{"reachable":true,"server_version":"15.8","latency_ms":1.25}}
                """));
        assertTrue(text.startsWith("ping (/api/v1/ping through nginx on hosta): version 0.1.0, answered by hosta, ha\n"), text);
        assertTrue(text.contains("hostb  lost     capacity 0"), text);
        assertTrue(text.contains("<-- LOST"), text);
        assertTrue(text.contains("rabbitmq: rabbit@hosta, 1 of 2 nodes running (rabbit@hosta); missing: rabbit@hostb"), text);
        assertTrue(text.contains("database: reachable, PostgreSQL 15.8, 1.3 ms"), text);
        String down = PingView.render("hosta", new ObjectMapper().readTree(
                "{\"rabbitmq\":{\"reachable\":false,\"error\":\"refused\"},\"database\":{\"reachable\":false,\"error\":\"timeout\"}}"));
        assertTrue(down.contains("rabbitmq: UNREACHABLE: refused") && down.contains("database: UNREACHABLE: timeout"), down);
    }
}
