package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a file a task names is found: the one lookup for names written as they are (at load time) and names that come
 * out of a template (at run time), so that both forms of the same name find the same file.
 * <ul>
 * <li>Task files ({@code import_tasks}, {@code include_tasks}), Ansible's order: the role's {@code tasks/} when inside a
 * role, then the directory of the file that names it, then the playbook's directory.</li>
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
        return first(candidates, Files::isRegularFile, "task file '" + name + "'", at);
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
        Predicate<Path> kind = directory ? Files::isDirectory : Files::isRegularFile;
        return first(candidates, kind, (directory ? "vars directory '" : "vars file '") + name + "'", at);
    }

    private static Path first(List<Path> candidates, Predicate<Path> exists, String what, SourceLocation at) {
        for (Path candidate : candidates) {
            if (exists.test(candidate)) {
                return candidate;
            }
        }
        throw new MusterException(at, what + " not found (looked in " + candidates.stream().distinct().toList() + ")");
    }
}
