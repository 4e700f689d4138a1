package dev.muster.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A project of small playbooks against localhost (connection local), packed by the real tar(1). */
final class TestProject {
    static final String INVENTORY = "localhost ansible_connection=local\n";

    static final Map<String, String> PLAYBOOKS = Map.of(
            "hello.yml", """
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - name: say hello
                          debug:
                            msg: "hello from {{ inventory_hostname }}"
                    """,
            "sleep.yml", """
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - name: work for a second
                          command: sleep 1
                    """,
            "long.yml", """
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                    """ + "    - name: step\n      command: sleep 1\n".repeat(40),
            "lines.yml", """
                    - hosts: localhost
                      gather_facts: false
                      tasks:
                        - name: print a line per item
                          debug:
                            msg: "line {{ item }}"
                          loop: "{{ lines }}"
                    """);

    private TestProject() {
    }

    /** The project as a .tar.gz; {@code marker} goes into VERSION so that two archives differ. */
    static byte[] archive(Path tmp, String marker) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(tmp, "project-");
        for (Map.Entry<String, String> p : PLAYBOOKS.entrySet()) {
            Files.writeString(dir.resolve(p.getKey()), p.getValue());
        }
        Files.writeString(dir.resolve("VERSION"), marker + "\n");
        Path out = tmp.resolve("project-" + marker + ".tar.gz");
        Cmd.check(List.of("tar", "-czf", out.toString(), "-C", dir.toString(), "."), 60);
        return Files.readAllBytes(out);
    }
}
