package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one lookup of files a playbook names by a relative path, in Ansible's order.
 * <ul>
 * <li>Task files named by {@code import_tasks} or {@code include_tasks}, for names written as they are (at load
 * time) and names that come out of a template (at run time), so that both forms of the same name find the same
 * file: the role's {@code tasks/} when inside a role, then the directory of the file that names it, then the
 * playbook's directory.</li>
 * <li>A module's resources ({@code copy}'s {@code src} under {@code files/}, {@code template}'s under
 * {@code templates/}, the files of {@code with_fileglob} and {@code with_first_found}): the role's {@code files/}
 * or {@code templates/} and the role's directory when inside a role, then the same two under the playbook's
 * directory. An absolute path is taken as it is.</li>
 * <li>Vars files and directories ({@code include_vars}), Ansible's order for a "needle" in {@code vars}: the role's
 * {@code vars/} and the role itself, then the directory of the file that names it (its {@code vars/} first), then the
 * playbook's directory (its {@code vars/} first). An absolute name is itself.</li>
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
        List<Path> candidates = resourceCandidates(kind, src, scope, playbookDir);
        Path found = firstFile(candidates);
        if (found == null) {
            throw new IllegalArgumentException("'" + src + "' not found (looked in " + candidates + ")");
        }
        try {
            return SharedFileBytes.read(found);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + found + ": " + e.getMessage());
        }
    }

    /** The first of a resource's candidates that {@code exists} accepts, or null (the loop lookups' search). */
    public static Path findResource(String kind, String name, Scope scope, Path playbookDir, Predicate<Path> exists) {
        return first(resourceCandidates(kind, name, scope, playbookDir), exists);
    }

    /** Where a resource {@code name} of {@code kind} may be, in Ansible's order (an absolute name is itself). */
    public static List<Path> resourceCandidates(String kind, String name, Scope scope, Path playbookDir) {
        List<Path> candidates = new ArrayList<>();
        Path given = Path.of(name);
        if (given.isAbsolute()) {
            candidates.add(given);
        } else {
            if (scope.role() != null) {
                Path roleDir = scope.role().dir();
                candidates.add(roleDir.resolve(kind).resolve(name));
                candidates.add(roleDir.resolve(name));
            }
            candidates.add(playbookDir.resolve(kind).resolve(name));
            candidates.add(playbookDir.resolve(name));
        }
        return candidates;
    }

    /** The vars file (or, with {@code directory}, the directory of vars files) {@code include_vars} names. */
    public static Path findVars(String name, boolean directory, Scope scope, Path playbookDir, SourceLocation at) {
        List<Path> candidates = new ArrayList<>();
        if (Path.of(name).isAbsolute()) {
            candidates.add(Path.of(name));
        } else {
            if (scope.role() != null) {
                candidates.add(scope.role().dir().resolve("vars").resolve(name));
                candidates.add(scope.role().dir().resolve(name));
            }
            for (Path base : List.of(scope.baseDir(), playbookDir)) {
                candidates.add(base.resolve("vars").resolve(name));
                candidates.add(base.resolve(name));
            }
        }
        Path found = first(candidates, directory ? Files::isDirectory : Files::isRegularFile);
        if (found == null) {
            throw new MusterException(at, (directory ? "vars directory '" : "vars file '") + name + "' not found (looked in "
                    + candidates.stream().distinct().toList() + ")");
        }
        return found;
    }

    private static Path firstFile(List<Path> candidates) {
        return first(candidates, Files::isRegularFile);
    }

    private static Path first(List<Path> candidates, Predicate<Path> exists) {
        for (Path candidate : candidates) {
            if (exists.test(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
