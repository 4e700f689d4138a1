package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a task file named by {@code import_tasks} or {@code include_tasks} is found: the one lookup for names
 * written as they are (at load time) and names that come out of a template (at run time), so that both forms of the
 * same name find the same file. Ansible's order: the role's {@code tasks/} when inside a role, then the directory of
 * the file that names it, then the playbook's directory.
 */
public final class TaskFiles {

    private TaskFiles() {
    }

    public static Path find(String name, Scope scope, Path playbookDir, SourceLocation at) {
        List<Path> candidates = new ArrayList<>();
        if (scope.role() != null) {
            candidates.add(scope.role().dir().resolve("tasks").resolve(name));
        }
        candidates.add(scope.baseDir().resolve(name));
        candidates.add(playbookDir.resolve(name));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new MusterException(at, "task file '" + name + "' not found (looked in " + candidates.stream().distinct().toList() + ")");
    }
}
