package dev.muster.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muster.lab.Lab;
import dev.muster.lab.LabHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that would run commands if a shell ever saw them unquoted are stored verbatim and run nothing. */
@LabHosts(1)
class HostileValuesIT {

    private static final String HOSTILE = "$(touch /tmp/pwned) `touch /tmp/pwned` '; touch /tmp/pwned #\" \\ ünïcødé ✓";
    private static final String MULTILINE = "first line\n$(touch /tmp/pwned)\n'; rm -rf / #";

    @TempDir
    Path work;

    @Test
    void hostileValuesAreInertThroughEveryModule(Lab lab) throws Exception {
        String host = lab.hosts().get(0);
        lab.exec(host, "rm -rf /tmp/pwned /tmp/engine-hostile");
        Path vars = work.resolve("hostile.yml");
        Files.writeString(vars, "hostile: " + yamlQuote(HOSTILE) + "\nmultiline: " + yamlQuote(MULTILINE)
                + "\nhostile_name: " + yamlQuote(HOSTILE.replace("/", "_")) + "\n");
        MusterCli.write(work, "templates/hostile.txt", "value={{hostile}}\n");
        Path playbook = MusterCli.write(work, "site.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - file: {path: /tmp/engine-hostile, state: directory}
                    - copy: {content: "{{ hostile }}", dest: /tmp/engine-hostile/copy.txt}
                    - copy: {content: "{{ multiline }}", dest: /tmp/engine-hostile/multi.txt}
                    - template: {src: hostile.txt, dest: /tmp/engine-hostile/template.txt}
                    - lineinfile: {path: /tmp/engine-hostile/line.txt, line: "{{ hostile }}", create: true}
                    - blockinfile: {path: /tmp/engine-hostile/block.txt, block: "{{ multiline }}", create: true}
                    - command: {argv: [touch, "/tmp/engine-hostile/{{ hostile_name }}"]}
                    - name: through the environment of a shell
                      shell: printf '%s' "$HOSTILE" > /tmp/engine-hostile/env.txt
                      environment: {HOSTILE: "{{ hostile }}"}
                    - command: {argv: [printf, "%s", "{{ hostile }}"]}
                      register: printed
                    - set_fact: {kept: "{{ printed.stdout }}"}
                    - assert: {that: ["kept == hostile"]}
                    - debug: {msg: "{{ hostile }}"}
                    - user: {name: hostileuser, comment: "{{ hostile }}", create_home: false}
                """);
        MusterCli.Result result = MusterCli.play(lab, work, playbook, "-e", "@" + vars);
        assertEquals(0, result.exit(), result.toString());
        assertEquals(1, lab.exec(host, "test -e /tmp/pwned").exitCode(), "a hostile value was run on the host");
        assertEquals(HOSTILE, lab.exec(host, "cat /tmp/engine-hostile/copy.txt").stdout());
        assertEquals(MULTILINE, lab.exec(host, "cat /tmp/engine-hostile/multi.txt").stdout());
        assertEquals("value=" + HOSTILE + "\n", lab.exec(host, "cat /tmp/engine-hostile/template.txt").stdout());
        assertEquals(HOSTILE + "\n", lab.exec(host, "cat /tmp/engine-hostile/line.txt").stdout());
        assertEquals(HOSTILE, lab.exec(host, "cat /tmp/engine-hostile/env.txt").stdout());
        assertEquals("# BEGIN ANSIBLE MANAGED BLOCK\n" + MULTILINE + "\n# END ANSIBLE MANAGED BLOCK\n",
                lab.exec(host, "cat /tmp/engine-hostile/block.txt").stdout());
        assertEquals(0, lab.exec(host, "test -e '/tmp/engine-hostile/" + HOSTILE.replace("/", "_").replace("'", "'\\''") + "'").exitCode());
        assertEquals(HOSTILE, lab.exec(host, "getent passwd hostileuser | cut -d: -f5").stdout().trim());
        assertEquals(false, Files.exists(Path.of("/tmp/pwned")), "a hostile value was run on the controller");
    }

    private static String yamlQuote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
