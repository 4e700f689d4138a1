package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.lab.Lab;
import dev.muster.connection.ExecResult;

/**
 * Prepares a lab host the way an air-gapped site is: no reachable Debian mirror, and a local
 * file: repository holding one small package built on the host (dpkg-deb; the Packages index is
 * written by hand, as dpkg-scanpackages is not installed).
 */
final class LabRepo {

    private static final String SCRIPT = """
            set -e
            rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*
            rm -rf /srv/repo && mkdir -p /srv/repo/pkg/DEBIAN /srv/repo/pkg/usr/share/muster-hello
            printf 'Package: muster-hello\\nVersion: 1.0\\nArchitecture: all\\nMaintainer: Muster <muster@lab.test>\\nDescription: Muster test package\\n' > /srv/repo/pkg/DEBIAN/control
            echo 'muster-hello 1.0' > /srv/repo/pkg/usr/share/muster-hello/README
            dpkg-deb --build /srv/repo/pkg /srv/repo/muster-hello_1.0_all.deb >/dev/null
            rm -rf /srv/repo/pkg
            cd /srv/repo
            { dpkg-deb -f muster-hello_1.0_all.deb; echo "Filename: ./muster-hello_1.0_all.deb"; \
              echo "Size: $(stat -c %s muster-hello_1.0_all.deb)"; echo "SHA256: $(sha256sum muster-hello_1.0_all.deb | cut -d' ' -f1)"; echo; } > Packages
            """;

    private LabRepo() {
    }

    static void prepare(Lab lab, String host) {
        ExecResult result = lab.exec(host, "sh -c " + dev.muster.shell.Shell.quote(SCRIPT));
        assertEquals(0, result.exitCode(), "preparing the local repository on " + host + ": " + result.stderr());
    }
}
