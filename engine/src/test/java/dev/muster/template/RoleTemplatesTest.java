package dev.muster.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The installer's own role templates moved from mustache to Jinja (issue 15): each renders, as Jinja, exactly the file
 * mustache rendered from the template as it was before (node.conf's loop was a mustache section, kept here as it was).
 */
class RoleTemplatesTest {

    private static final Path ROLES = Path.of("..", "roles");

    /** roles/node/templates/node.conf's last line as mustache wrote it before the move. */
    private static final String NODE_CONF_MUSTACHE_LINE = "rabbitmq.expected_nodes = {{#node_rabbit_members.results}}"
            + "{{^ansible_facts.node_rabbit_first}},{{/ansible_facts.node_rabbit_first}}{{ansible_facts.node_rabbit_member}}"
            + "{{/node_rabbit_members.results}}";

    /** The RabbitMQ watchdog's configuration, Jinja from its first version (a loop over the registered members). */
    private static final Path WATCHDOG_CONF = Path.of("rabbitmq", "templates", "rabbitmq-watchdog.conf");

    @Test
    void theWatchdogConfigurationListsEveryMemberAndThisNode() throws IOException {
        Path template = ROLES.resolve(WATCHDOG_CONF);
        List<Object> results = new ArrayList<>();
        for (String node : List.of("rabbit@a", "rabbit@b", "rabbit@c")) {
            results.add(Map.of("ansible_facts", Map.of("muster_rabbit_member", node)));
        }
        Map<String, Object> vars = Map.of("muster_rabbit_members", Map.of("results", results), "muster_rabbit_node", "rabbit@b");
        String text = TemplateFiles.render(template.getFileName().toString(), Files.readString(template), vars,
                TemplateFiles.Options.ANSIBLE);
        assertTrue(text.contains("\nNODES=\"rabbit@a rabbit@b rabbit@c \"\nSELF=\"rabbit@b\"\n"), text);
    }

    private static Map<String, Object> vars(Path template) throws IOException {
        Map<String, Object> vars = new HashMap<>();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}").matcher(Files.readString(template));
        while (names.find()) {
            vars.put(names.group(1), "value-of-" + names.group(1));
        }
        List<Object> results = new ArrayList<>();
        for (String node : List.of("rabbit@a", "rabbit@b", "rabbit@c")) {
            results.add(Map.of("ansible_facts", Map.of("node_rabbit_member", node, "node_rabbit_first", results.isEmpty())));
        }
        vars.put("node_rabbit_members", Map.of("results", results));
        return vars;
    }

    @Test
    void everyRoleTemplateRendersAsItDidWithMustache() throws IOException {
        List<Path> templates;
        try (Stream<Path> files = Files.walk(ROLES)) {
            templates = files.filter(p -> p.getParent().getFileName().toString().equals("templates") && Files.isRegularFile(p)).sorted().toList();
        }
        assertFalse(templates.isEmpty());
        for (Path template : templates) {
            if (template.endsWith(WATCHDOG_CONF)) {
                continue; // written as Jinja from the start: no mustache file to agree with (see below)
            }
            String jinja = Files.readString(template);
            String before = template.endsWith(Path.of("node", "templates", "node.conf"))
                    ? jinja.substring(0, jinja.lastIndexOf("rabbitmq.expected_nodes")) + NODE_CONF_MUSTACHE_LINE + "\n"
                    : jinja;
            Map<String, Object> vars = vars(template);
            assertEquals(MustacheFiles.render(before, vars),
                    TemplateFiles.render(template.getFileName().toString(), jinja, vars, TemplateFiles.Options.ANSIBLE), template.toString());
        }
    }

    @Test
    void nodeConfListsEveryRabbitNodeOnce() throws IOException {
        Path template = ROLES.resolve("node/templates/node.conf");
        String out = TemplateFiles.render("node.conf", Files.readString(template), vars(template), TemplateFiles.Options.ANSIBLE);
        assertEquals("rabbitmq.expected_nodes = rabbit@a,rabbit@b,rabbit@c\n", out.substring(out.lastIndexOf("rabbitmq.expected_nodes")));
    }
}
