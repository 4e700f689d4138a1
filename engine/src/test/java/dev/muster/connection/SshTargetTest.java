package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.MusterException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshTargetTest {

    @Test
    void defaultsFollowAnsible() {
        SshTarget target = SshTarget.fromHostVars("web1", Map.of());
        assertEquals("web1", target.address());
        assertEquals(22, target.port());
        assertEquals(System.getProperty("user.name"), target.user());
        assertNull(target.password());
        assertNull(target.hostKeyPolicy());
        assertEquals("web1", target.knownHostsName());
        assertEquals("ssh", SshTarget.connectionType(Map.of()));
    }

    @Test
    void readsAddressPortUserKeyAndPassword() {
        SshTarget target = SshTarget.fromHostVars("web1", Map.of(
                "ansible_host", "10.0.0.5", "ansible_port", 2222, "ansible_user", "deploy",
                "ansible_ssh_private_key_file", "~/keys/id", "ansible_ssh_private_key_passphrase", "phrase",
                "ansible_ssh_pass", "hunter2"));
        assertEquals("10.0.0.5", target.address());
        assertEquals(2222, target.port());
        assertEquals("deploy", target.user());
        assertEquals(List.of(Path.of(System.getProperty("user.home"), "keys", "id")), target.keyFiles());
        assertEquals("phrase", target.keyPassphrase());
        assertEquals("hunter2", target.password());
        assertEquals("[10.0.0.5]:2222", target.knownHostsName());
        assertFalse(target.toString().contains("hunter2"));
        assertEquals("secret", SshTarget.fromHostVars("h", Map.of("ansible_password", "secret")).password());
        assertEquals(2200, SshTarget.fromHostVars("h", Map.of("ansible_port", "2200")).port());
    }

    @Test
    void aHostsConnectTimeoutComesFromItsVariablesElseTheRunsApplies() {
        assertNull(SshTarget.fromHostVars("h", Map.of()).connectTimeout());
        assertEquals(java.time.Duration.ofSeconds(60),
                SshTarget.fromHostVars("h", Map.of("ansible_ssh_timeout", "60", "ansible_timeout", 5)).connectTimeout());
        assertEquals(java.time.Duration.ofSeconds(5), SshTarget.fromHostVars("h", Map.of("ansible_timeout", 5)).connectTimeout());
        MusterException e = assertThrows(MusterException.class, () -> SshTarget.fromHostVars("web1", Map.of("ansible_timeout", "ten")));
        assertEquals("web1: ansible_timeout must be a whole number of seconds of at least 1, got 'ten'", e.getMessage());
        SshConnector connector = new SshConnector(null, SshOptions.defaults().withConnectTimeout(java.time.Duration.ofSeconds(20)), null);
        assertEquals(java.time.Duration.ofSeconds(20), connector.connectTimeout(SshTarget.fromHostVars("h", Map.of())));
        assertEquals(java.time.Duration.ofSeconds(3), connector.connectTimeout(SshTarget.fromHostVars("h", Map.of("ansible_timeout", 3))));
    }

    @Test
    void aBadPortIsAClearError() {
        MusterException e = assertThrows(MusterException.class,
                () -> SshTarget.fromHostVars("web1", Map.of("ansible_port", "ssh")));
        assertEquals("web1: ansible_port must be a port number (1-65535), got 'ssh'", e.getMessage());
        assertThrows(MusterException.class, () -> SshTarget.fromHostVars("web1", Map.of("ansible_port", 70000)));
    }

    @Test
    void hostKeyCheckingCanBeRelaxedPerHost() {
        assertEquals(HostKeyPolicy.INSECURE,
                SshTarget.fromHostVars("h", Map.of("ansible_host_key_checking", false)).hostKeyPolicy());
        assertNull(SshTarget.fromHostVars("h", Map.of("ansible_host_key_checking", true)).hostKeyPolicy());
        assertEquals(HostKeyPolicy.ACCEPT_NEW,
                SshTarget.fromHostVars("h", Map.of("muster_host_key_checking", "accept-new")).hostKeyPolicy());
        MusterException e = assertThrows(MusterException.class,
                () -> SshTarget.fromHostVars("h", Map.of("muster_host_key_checking", "maybe")));
        assertTrue(e.getMessage().contains("strict, accept-new or insecure"), e.getMessage());
    }

    @Test
    void theCommandLinePolicyIsCheckedByName() {
        SshConnectionFactory.forHostKeyChecking("accept-new").close();
        SshConnectionFactory.forHostKeyChecking(null).close();
        MusterException e = assertThrows(MusterException.class, () -> SshConnectionFactory.forHostKeyChecking("ask"));
        assertEquals("host key checking must be strict, accept-new or insecure, got 'ask'", e.getMessage());
        assertEquals(dev.muster.error.Failure.BAD_REQUEST, e.failure());
    }

    @Test
    void factoryChoosesLocalOrSshAndRefusesOthers() {
        try (SshConnectionFactory factory = new SshConnectionFactory()) {
            assertTrue(factory.connect("ctl", Map.of("ansible_connection", "local")) instanceof LocalConnection);
            Connection first = factory.connect("web1", Map.of());
            assertSame(first, factory.connect("web1", Map.of()), "one connection per host");
            MusterException e = assertThrows(MusterException.class,
                    () -> factory.connect("win", Map.of("ansible_connection", "winrm")));
            assertEquals("win: ansible_connection 'winrm' is not supported (use ssh or local)", e.getMessage());
        }
    }
}
