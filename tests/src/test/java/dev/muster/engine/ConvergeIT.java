package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import dev.muster.connection.ExecResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample role (every module) converges three fresh hosts, then changes nothing; --check changes nothing. */
@LabHosts(value = 3, fresh = true)
class ConvergeIT {

    @TempDir
    Path work;

    @Test
    void convergesThenIsIdempotentAndCheckModeTouchesNothing(Lab lab) {
        lab.hosts().forEach(host -> LabRepo.prepare(lab, host));
        Path site = MusterCli.resource("sample/site.yml");

        long start = System.nanoTime();
        MusterCli.Result first = MusterCli.play(lab, work, site);
        long firstMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, first.exit(), first.toString());
        assertEquals(3, first.recap().size());
        first.recap().forEach((host, stats) -> assertTrue(stats.path("changed").asInt() >= 10, host + " " + stats));
        first.recap().forEach((host, stats) -> assertEquals(1, stats.path("rescued").asInt(), host + " " + stats));
        for (String host : lab.hosts()) {
            assertEquals("active", lab.exec(host, "systemctl is-active muster-sample").stdout().trim());
            assertEquals(0, lab.exec(host, "dpkg -s muster-hello").exitCode());
            assertEquals(0, lab.exec(host, "id sampleapp").exitCode());
            String conf = lab.exec(host, "cat /opt/muster-sample/app.conf").stdout();
            assertTrue(conf.contains("host=" + host + "\nos=Debian 12\n"), "facts were gathered: " + conf);
            assertEquals("port=8080\n# BEGIN ANSIBLE MANAGED BLOCK\nowner=sampleapp\nhost=" + host + "\n# END ANSIBLE MANAGED BLOCK\n",
                    lab.exec(host, "cat /opt/muster-sample/settings.ini").stdout());
        }

        start = System.nanoTime();
        MusterCli.Result second = MusterCli.play(lab, work, site);
        long secondMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, second.exit(), second.toString());
        assertEquals(0, second.total("changed"), second.out());
        assertEquals(0, second.total("failed"));
        System.out.printf("sample role on 3 hosts: first run %d ms, no-op run %d ms%n", firstMillis, secondMillis);

        String host = lab.hosts().get(2);
        lab.reset(host);
        LabRepo.prepare(lab, host);
        MusterCli.Result check = MusterCli.play(lab, work, site, "--check", "--limit", host);
        assertEquals(0, check.exit(), check.toString());
        assertTrue(check.recap().get(host).path("changed").asInt() >= 5, check.out());
        ExecResult untouched = lab.exec(host, "test ! -e /opt/muster-sample && ! id sampleapp && ! getent group sampleapp"
                + " && test ! -e /etc/systemd/system/muster-sample.service && test ! -e /etc/apt/sources.list.d/muster-local.list"
                + " && ! dpkg -s muster-hello");
        assertEquals(0, untouched.exitCode(), "--check changed " + host + ": " + untouched.stdout() + untouched.stderr());
        assertNotEquals(0, check.total("ok"));
    }
}
