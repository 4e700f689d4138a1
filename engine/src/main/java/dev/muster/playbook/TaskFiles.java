package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one lookup of files a playbook names by a relative path, in Ansible's order.
 * <ul>
 * <li>Task files named by {@code import_tasks} or {@code include_tasks}, for names written as they are (at load
 * time) and names that come out of a template (at run time), so that both forms of the same name find the same
 * file: the role's {@code tasks/} when inside a role, then the directory of the file that names it, then the
 * playbook's directory.</li>
 * <li>A module's resources ({@code copy}'s {@code src} under {@code files/}, {@code template}'s under
 * {@code templates/}): the role's {@code files/} or {@code templates/} and the role's directory when inside a
 * role, then the same two under the playbook's directory. An absolute path is taken as it is.</li>
 * </ul>
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
        Path found = firstFile(candidates);
        if (found == null) {
            throw new MusterException(at, "task file '" + name + "' not found (looked in " + candidates.stream().distinct().toList() + ")");
        }
        return found;
    }

    /**
     * The bytes of a module's resource {@code src} of {@code kind} ("files" or "templates") for a task written in
     * {@code scope}.
     *
     * @throws IllegalArgumentException when no candidate exists or it cannot be read (the module's error, which fails
     *                                  the task on that host)
     */
    public static byte[] readResource(String kind, String src, Scope scope, Path playbookDir) {
        List<Path> candidates = new ArrayList<>();
        Path given = Path.of(src);
        if (given.isAbsolute()) {
            candidates.add(given);
        } else {
            if (scope.role() != null) {
                Path roleDir = scope.role().dir();
                candidates.add(roleDir.resolve(kind).resolve(src));
                candidates.add(roleDir.resolve(src));
            }
            candidates.add(playbookDir.resolve(kind).resolve(src));
            candidates.add(playbookDir.resolve(src));
        }
        Path found = firstFile(candidates);
        if (found == null) {
            throw new IllegalArgumentException("'" + src + "' not found (looked in " + candidates + ")");
        }
        try {
            return Files.readAllBytes(found);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + found + ": " + e.getMessage());
        }
    }

    private static Path firstFile(List<Path> candidates) {
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
