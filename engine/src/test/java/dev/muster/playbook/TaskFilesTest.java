package dev.muster.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.MusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one file lookup: task files and module resources, each in Ansible's order, nearest first. */
class TaskFilesTest {

    @TempDir
    Path playbookDir;

    private Scope inRole(Path roleDir) {
        return Scope.root(playbookDir).withRole(new RoleContext("r", roleDir, Map.of(), Map.of(), Map.of()), roleDir.resolve("tasks"));
    }

    private Path write(String relative) throws IOException {
        Path file = playbookDir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        return file;
    }

    private String read(String kind, String src, Scope scope) {
        return new String(TaskFiles.readResource(kind, src, scope, playbookDir), StandardCharsets.UTF_8);
    }

    @Test
    void aResourceInsideARoleIsTheRolesKindDirectoryThenTheRoleThenThePlaybooksKindDirectoryThenThePlaybook() throws IOException {
        Scope role = inRole(playbookDir.resolve("roles/r"));
        Path[] nearestFirst = {write("roles/r/templates/app.conf"), write("roles/r/app.conf"), write("templates/app.conf"), write("app.conf")};
        for (Path expected : nearestFirst) {
            assertEquals(playbookDir.relativize(expected).toString(), read("templates", "app.conf", role));
            Files.delete(expected);
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> read("templates", "app.conf", role));
        assertTrue(missing.getMessage().contains("'app.conf' not found") && missing.getMessage().contains(nearestFirst[0].toString()),
                missing.getMessage());
    }

    @Test
    void aResourceOutsideARoleIsThePlaybooksKindDirectoryThenThePlaybookAndAnAbsolutePathIsTakenAsItIs() throws IOException {
        Scope root = Scope.root(playbookDir);
        write("files/data.txt");
        write("data.txt");
        assertEquals("files/data.txt", read("files", "data.txt", root));
        assertEquals("data.txt", read("templates", "data.txt", root), "another kind's directory is not searched");
        Path elsewhere = write("elsewhere/abs.txt");
        assertEquals("elsewhere/abs.txt", read("files", elsewhere.toString(), inRole(playbookDir.resolve("roles/r"))));
    }

    @Test
    void aTaskFileIsTheRolesTasksDirectoryThenTheNamingFilesDirectoryThenThePlaybooks() throws IOException {
        Path roleDir = playbookDir.resolve("roles/r");
        Scope namedFromSub = Scope.root(playbookDir).withRole(new RoleContext("r", roleDir, Map.of(), Map.of(), Map.of()), playbookDir.resolve("sub"));
        Path[] nearestFirst = {write("roles/r/tasks/extra.yml"), write("sub/extra.yml"), write("extra.yml")};
        for (Path expected : nearestFirst) {
            assertEquals(expected, TaskFiles.find("extra.yml", namedFromSub, playbookDir, null));
            Files.delete(expected);
        }
        MusterException missing = assertThrows(MusterException.class, () -> TaskFiles.find("extra.yml", namedFromSub, playbookDir, null));
        assertTrue(missing.getMessage().contains("task file 'extra.yml' not found"), missing.getMessage());
    }
}
