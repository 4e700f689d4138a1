package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.engine.RunRequest;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectTimeoutTest {

    @Test
    void theRunsTimeoutIsTheOptionThenTheEnvironmentThenTenSeconds() {
        Map<String, String> both = Map.of("ANSIBLE_SSH_TIMEOUT", "25", "ANSIBLE_TIMEOUT", "40");
        assertEquals(Duration.ofSeconds(7), ConnectTimeout.forRun(7, both));
        assertEquals(Duration.ofSeconds(25), ConnectTimeout.forRun(null, both));
        assertEquals(Duration.ofSeconds(40), ConnectTimeout.forRun(null, Map.of("ANSIBLE_TIMEOUT", "40")));
        assertEquals(Duration.ofSeconds(40), ConnectTimeout.forRun(null, Map.of("ANSIBLE_SSH_TIMEOUT", " ", "ANSIBLE_TIMEOUT", "40")));
        assertEquals(Duration.ofSeconds(10), ConnectTimeout.forRun(null, Map.of()));
        assertEquals(ConnectTimeout.DEFAULT, SshOptions.defaults().connectTimeout());
    }

    @Test
    void aBadRunTimeoutIsABadRequestNamingWhereItCameFrom() {
        MusterException option = assertThrows(MusterException.class, () -> ConnectTimeout.forRun(0, Map.of()));
        assertEquals(Failure.BAD_REQUEST, option.failure());
        assertTrue(option.getMessage().contains("--connect-timeout must be at least 1 second, got 0"), option.getMessage());
        MusterException env = assertThrows(MusterException.class,
                () -> ConnectTimeout.forRun(null, Map.of("ANSIBLE_TIMEOUT", "soon")));
        assertEquals(Failure.BAD_REQUEST, env.failure());
        assertTrue(env.getMessage().contains("ANSIBLE_TIMEOUT must be a whole number of seconds of at least 1, got 'soon'"),
                env.getMessage());
    }

    @Test
    void aHostsSshTimeoutWinsOverItsTimeoutAndNoneLeavesTheRuns() {
        assertEquals(Duration.ofSeconds(30), ConnectTimeout.forHost("h", Map.of("ansible_ssh_timeout", 30, "ansible_timeout", "5")));
        assertEquals(Duration.ofSeconds(5), ConnectTimeout.forHost("h", Map.of("ansible_timeout", "5")));
        assertNull(ConnectTimeout.forHost("h", Map.of()));
        MusterException e = assertThrows(MusterException.class, () -> ConnectTimeout.forHost("web1", Map.of("ansible_ssh_timeout", "-3")));
        assertEquals("web1: ansible_ssh_timeout must be a whole number of seconds of at least 1, got '-3'", e.getMessage());
    }

    @Test
    void theRequestCarriesTheRunsTimeout() {
        assertEquals(Duration.ofSeconds(45), RunRequest.builder(Path.of("site.yml")).connectTimeout(45).build().connectTimeout());
        assertThrows(MusterException.class, () -> RunRequest.builder(Path.of("site.yml")).connectTimeout(0).build());
    }
}
