package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd module against a real systemd (a lab host): daemon_reload alone, a unit started and enabled with its
 * properties registered, restarted, masked; a second run changes nothing; a missing unit fails in Ansible's words.
 * (Checked side by side with ansible-playbook 2.14 when written: the same statuses task by task.)
 */
@LabHosts(1)
class SystemdModuleIT {

    private static final String PLAY = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: a unit
                  copy:
                    dest: /etc/systemd/system/mudemo.service
                    content: |
                      [Unit]
                      Description=demo
                      [Service]
                      ExecStart=/bin/sleep 100000
                      [Install]
                      WantedBy=multi-user.target
                - name: reload alone
                  systemd: {daemon_reload: true}
                - name: start
                  systemd_service: {name: mudemo, state: started, enabled: true}
                  register: start
                - name: what roles read
                  assert:
                    that:
                      - start.state == 'started'
                      - start.enabled
                      - start.status.LoadState == 'loaded'
                - name: missing
                  systemd: {name: nosuchunit, state: started}
                  register: missing
                  ignore_errors: true
                - name: its message
                  assert:
                    that:
                      - "missing.msg == 'Could not find the requested service nosuchunit: host'"
            """;

    @TempDir
    Path work;

    @Test
    void startsEnablesAndIsIdempotentOnARealSystemd(Lab lab) {
        String host = lab.hosts().get(0);
        Path site = MusterCli.write(work, "systemd.yml", PLAY);
        MusterCli.Result first = MusterCli.play(lab, work, site);
        assertEquals(0, first.exit(), first.toString());
        assertEquals("active", lab.exec(host, "systemctl is-active mudemo").stdout().trim());
        assertEquals("enabled", lab.exec(host, "systemctl is-enabled mudemo").stdout().trim());
        assertEquals(List.of("changed", "ok", "changed", "ok", "ignored", "ok"), statuses(first, host));

        MusterCli.Result second = MusterCli.play(lab, work, site);
        assertEquals(0, second.exit(), second.toString());
        assertEquals(0, second.total("changed"), second.out());

        Path restart = MusterCli.write(work, "restart.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - systemd: {name: mudemo, state: restarted}
                    - systemd: {name: mudemo, state: stopped, enabled: false}
                """);
        MusterCli.Result third = MusterCli.play(lab, work, restart);
        assertEquals(0, third.exit(), third.toString());
        assertEquals(2, third.total("changed"), third.out());
        assertTrue(lab.exec(host, "systemctl is-active mudemo").stdout().trim().matches("inactive|failed"));
        lab.exec(host, "rm -f /etc/systemd/system/mudemo.service; systemctl daemon-reload");
    }

    private static List<String> statuses(MusterCli.Result result, String host) {
        return result.events().stream()
                .filter(e -> e.path("event").asText().equals("host_result") && e.path("host").asText().equals(host))
                .map(e -> e.path("status").asText().toLowerCase(java.util.Locale.ROOT))
                .toList();
    }
}
