package dev.muster.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.LocalSh;
import dev.muster.module.TaskResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FactGathererTest {

    /** Captured from a lab host: systemd-nspawn, bridge address on host0, no default route. */
    private static final String LAB_HOST = """
            @@fact uname
            towera
            6.1.0-28-amd64
            x86_64
            @@fact hostname
            towera
            @@fact fqdn
            towera.lab.muster
            @@fact os_release
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            @@fact debian_version
            12.8
            @@fact memory
            MemTotal:       24684084 kB
            MemFree:        21228752 kB
            SwapTotal:             0 kB
            @@fact cpus
            2
            @@fact service_mgr
            systemd
            @@fact pkg_mgr
            apt-get
            @@fact user
            root
            0
            0
            /root
            @@fact route
            @@fact addr
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            2: host0    inet 10.231.0.11/24 brd 10.231.0.255 scope global host0\\       valid_lft forever preferred_lft forever
            """;

    @Test
    @SuppressWarnings("unchecked")
    void parsesALabHostWithoutDefaultRoute() {
        Map<String, Object> f = FactGatherer.parse(LAB_HOST);
        assertEquals("towera", f.get("ansible_hostname"));
        assertEquals("towera.lab.muster", f.get("ansible_fqdn"));
        assertEquals("lab.muster", f.get("ansible_domain"));
        assertEquals("towera", f.get("ansible_nodename"));
        assertEquals("Debian", f.get("ansible_os_family"));
        assertEquals("Debian", f.get("ansible_distribution"));
        assertEquals("12.8", f.get("ansible_distribution_version"));
        assertEquals("12", f.get("ansible_distribution_major_version"));
        assertEquals("bookworm", f.get("ansible_distribution_release"));
        assertEquals(24105L, f.get("ansible_memtotal_mb"));
        assertEquals(2, f.get("ansible_processor_vcpus"));
        assertEquals("systemd", f.get("ansible_service_mgr"));
        assertEquals("apt", f.get("ansible_pkg_mgr"));
        assertEquals("x86_64", f.get("ansible_architecture"));
        assertEquals("6.1.0-28-amd64", f.get("ansible_kernel"));
        assertEquals("root", f.get("ansible_user_id"));
        assertEquals(List.of("10.231.0.11"), f.get("ansible_all_ipv4_addresses"));
        Map<String, Object> def = (Map<String, Object>) f.get("ansible_default_ipv4");
        assertEquals("10.231.0.11", def.get("address"));
        assertEquals("host0", def.get("interface"));
        assertEquals("", def.get("gateway"));
        assertEquals("255.255.255.0", def.get("netmask"));
        assertEquals("10.231.0.0", def.get("network"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void defaultRouteChoosesItsInterfaceAndSysvinitIsNamed() {
        Map<String, Object> f = FactGatherer.parse("""
                @@fact service_mgr
                tini
                @@fact route
                default via 192.0.2.1 dev eth1 proto static
                @@fact addr
                3: eth0    inet 10.0.0.5/16 scope global eth0
                4: eth1    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth1
                """);
        Map<String, Object> def = (Map<String, Object>) f.get("ansible_default_ipv4");
        assertEquals("192.0.2.2", def.get("address"));
        assertEquals("eth1", def.get("interface"));
        assertEquals("192.0.2.1", def.get("gateway"));
        assertEquals(List.of("10.0.0.5", "192.0.2.2"), f.get("ansible_all_ipv4_addresses"));
        assertEquals("sysvinit", f.get("ansible_service_mgr"));
    }

    @Test
    void ubuntuAndHostnameIFallback() {
        Map<String, Object> f = FactGatherer.parse("""
                @@fact os_release
                NAME="Ubuntu"
                VERSION_ID="22.04"
                VERSION_CODENAME=jammy
                ID=ubuntu
                ID_LIKE=debian
                @@fact addr
                192.168.1.4 fd00::2
                """);
        assertEquals("Ubuntu", f.get("ansible_distribution"));
        assertEquals("Debian", f.get("ansible_os_family"));
        assertEquals("22", f.get("ansible_distribution_major_version"));
        assertEquals(List.of("192.168.1.4"), f.get("ansible_all_ipv4_addresses"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theScriptRunsForRealWithLocalSh(@TempDir Path dir) throws Exception {
        TaskResult result = new LocalSh(dir).run(FactGatherer.action());
        assertEquals(TaskResult.Status.OK, result.status(), result.message());
        Map<String, Object> f = result.facts();
        String hostname = new String(new ProcessBuilder("hostname").start().getInputStream().readAllBytes()).strip();
        assertEquals(hostname.split("\\.")[0], f.get("ansible_hostname"));
        assertEquals(System.getProperty("user.name"), f.get("ansible_user_id"));
        assertEquals(System.getProperty("os.arch").equals("amd64") ? "x86_64" : f.get("ansible_architecture"), f.get("ansible_architecture"));
        assertTrue((Long) f.get("ansible_memtotal_mb") > 100, "memory " + f.get("ansible_memtotal_mb"));
        assertTrue((Integer) f.get("ansible_processor_vcpus") >= 1);
        String osRelease = Files.readString(Path.of("/etc/os-release"));
        if (osRelease.contains("ID=debian")) {
            assertEquals("Debian", f.get("ansible_distribution"));
            assertEquals("Debian", f.get("ansible_os_family"));
            assertEquals(Files.readString(Path.of("/etc/debian_version")).strip(), f.get("ansible_distribution_version"));
            assertEquals("apt", f.get("ansible_pkg_mgr"));
        }
        assertEquals(Files.isDirectory(Path.of("/run/systemd/system")) ? "systemd" : "sysvinit", f.get("ansible_service_mgr"));
        List<String> all = (List<String>) f.get("ansible_all_ipv4_addresses");
        Map<String, Object> def = (Map<String, Object>) f.get("ansible_default_ipv4");
        if (!all.isEmpty()) {
            assertTrue(all.contains(def.get("address")), def + " in " + all);
        }
        assertEquals(result.facts(), ((Map<String, Object>) result.data().get("ansible_facts")));
    }
}
