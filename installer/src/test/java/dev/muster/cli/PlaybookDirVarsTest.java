package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** group_vars/ and host_vars/ beside the playbook beat the inventory's own, as in ansible-playbook. */
class PlaybookDirVarsTest {

    @TempDir
    Path dir;

    @Test
    void varsBesideThePlaybookOverrideTheInventorysWhenPlayedThroughTheCli() throws Exception {
        Path inventoryDir = Files.createDirectories(dir.resolve("inventory"));
        Path project = Files.createDirectories(dir.resolve("project"));
        Path out = dir.resolve("out");
        Files.writeString(inventoryDir.resolve("hosts"), """
                [here]
                local ansible_connection=local

                [all:vars]
                greeting=from-inventory
                place=inventory
                """);
        Files.createDirectories(project.resolve("group_vars"));
        Files.createDirectories(project.resolve("host_vars"));
        Files.writeString(project.resolve("group_vars/all.yml"), "greeting: from-playbook-group-vars\n");
        Files.writeString(project.resolve("host_vars/local.yml"), "place: playbook-host-vars\n");
        Files.writeString(project.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - copy: {content: "{{ greeting }} {{ place }}\\n", dest: "%s"}
                """.formatted(out));
        StringWriter console = new StringWriter();
        StringWriter errors = new StringWriter();

        int exit = Main.run(new PrintWriter(console), new PrintWriter(errors), "play", project.resolve("site.yml").toString(),
                "-i", inventoryDir.resolve("hosts").toString(), "--log-file", dir.resolve("log").toString());

        assertEquals(0, exit, console + "\n" + errors);
        assertEquals("from-playbook-group-vars playbook-host-vars\n", Files.readString(out));
    }
}
