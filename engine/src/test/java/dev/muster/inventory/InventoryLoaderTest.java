package dev.muster.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Inventory the engine sees: membership queries and the variable precedence, layer by layer. */
class InventoryLoaderTest {

    @TempDir
    Path dir;

    private void write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private Object vOfH1() {
        return InventoryLoader.load(List.of(dir.resolve("hosts"))).hostVars("h1").get("v");
    }

    /** Each layer is added on top of the previous ones and must win over all of them. */
    @Test
    void precedenceFromAllToHostVars() throws IOException {
        String ini = "[parent:children]\nchild\n[child]\nh1%s\n[all:vars]\nv=all\n";
        write("hosts", String.format(ini, ""));
        assertEquals("all", vOfH1());
        write("hosts", String.format(ini, "") + "[parent:vars]\nv=parent\n");
        assertEquals("parent", vOfH1());
        write("hosts", String.format(ini, "") + "[child:vars]\nv=child\n[parent:vars]\nv=parent\n");
        assertEquals("child", vOfH1(), "the deeper group wins whatever the order in the file");
        write("group_vars/all.yml", "v: group_vars_all\n");
        assertEquals("group_vars_all", vOfH1(), "any group_vars file beats inline group vars");
        write("group_vars/child.yml", "v: group_vars_child\n");
        write("group_vars/parent.yml", "v: group_vars_parent\n");
        assertEquals("group_vars_child", vOfH1());
        write("hosts", String.format(ini, " v=inline") + "[child:vars]\nv=child\n");
        assertEquals("inline", vOfH1(), "host inline vars beat group_vars");
        write("host_vars/h1", "v: host_vars\n");
        assertEquals("host_vars", vOfH1());
    }

    @Test
    void playbookAdjacentVarsBeatTheInventorysAtEachLayer() throws IOException {
        write("hosts", "[web]\nh1 v=inline\n");
        write("group_vars/all.yml", "a: inventory\n");
        write("play/group_vars/all.yml", "a: playbook\nb: playbook\n");
        write("play/group_vars/web.yml", "b: playbook_web\n");
        write("host_vars/h1.yml", "v: inventory_host_vars\n");
        write("play/host_vars/h1.yml", "v: playbook_host_vars\n");
        Map<String, Object> vars = InventoryLoader.load(List.of(dir.resolve("hosts")), List.of(dir.resolve("play")))
                .hostVars("h1");
        assertEquals(Map.of("a", "playbook", "b", "playbook_web", "v", "playbook_host_vars"), vars);
    }

    @Test
    void sameDepthGroupsMergeByPriorityThenName() throws IOException {
        write("hosts", "[b]\nh1\n[a]\nh1\n[a:vars]\nv=a\n[b:vars]\nv=b\n");
        assertEquals("b", vOfH1(), "same depth and priority: later name wins");
        write("hosts", "[b]\nh1\n[a]\nh1\n[a:vars]\nv=a\nansible_group_priority=5\n[b:vars]\nv=b\n");
        assertEquals("a", vOfH1(), "higher ansible_group_priority wins at the same depth");
        assertTrue(!InventoryLoader.load(List.of(dir.resolve("hosts"))).hostVars("h1").containsKey("ansible_group_priority"));
    }

    @Test
    void membershipQueries() throws IOException {
        write("hosts", "loose\n[parent:children]\nchild\n[child]\nh1:2222\nh2\n[parent]\nh3\n");
        Inventory inventory = InventoryLoader.load(List.of(dir.resolve("hosts")));
        assertEquals(List.of("loose", "h3", "h1", "h2"), inventory.hosts());
        assertEquals(List.of("all", "ungrouped", "parent", "child"), inventory.groupNames());
        assertEquals(List.of("h3", "h1", "h2"), inventory.hostsOf("parent"));
        assertEquals(List.of(), inventory.hostsOf("nope"));
        assertEquals(List.of("child", "parent"), inventory.groupsOf("h1"));
        assertEquals(List.of("ungrouped"), inventory.groupsOf("loose"));
        assertEquals(Map.of("ansible_port", 2222), inventory.hostVars("h1"));
        assertEquals(List.of("loose"), inventory.groupsMap().get("ungrouped"));
        assertEquals(4, inventory.groupsMap().get("all").size());
        assertTrue(inventory.host("h2").isPresent());
        assertTrue(inventory.host("nope").isEmpty());
    }

    @Test
    void commaSeparatedHostList() {
        Inventory inventory = InventoryLoader.load(List.of(Path.of("a.example.com,10.0.0.2:2200,")));
        assertEquals(List.of("a.example.com", "10.0.0.2"), inventory.hosts());
        assertEquals(Map.of("ansible_port", 2200), inventory.hostVars("10.0.0.2"));
        assertEquals(List.of("ungrouped"), inventory.groupsOf("a.example.com"));
    }
}
