package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.baseDir;

import dev.muster.error.SourceLocation;
import dev.muster.module.ArgSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads a playbook with every role and imported file it names, and has each task checked against its
 * module's {@link ArgSpec}, before any host is touched. Statically named {@code include_*} are loaded
 * here too; only templated include names wait for run time ({@link #loadTaskFile}, {@link #loadRole}).
 * <p>
 * The work is split as ansible-core splits it: {@link PlayLoader} reads plays, {@link RoleLoader} finds and
 * expands roles, {@link TaskParser} reads task lists (with {@link IncludeParser} for imports and includes and
 * {@link ArgumentReader} for module arguments), {@link Keywords} holds what each level accepts and
 * {@link YamlShapes} reads values with their locations. This class is the entry point to them.
 */
public final class PlaybookLoader {

    private final TaskParser tasks;
    private final PlayLoader plays;

    /**
     * @param projectRoleDirs role directories searched after the playbook's own {@code roles/}
     * @param conditionCheck  throws when a condition's syntax is wrong
     */
    public PlaybookLoader(ModuleCatalog modules, List<Path> projectRoleDirs, Consumer<Condition> conditionCheck) {
        this.tasks = new TaskParser(modules, projectRoleDirs, conditionCheck);
        this.plays = new PlayLoader(tasks);
    }

    /** What loading a list of steps produced: the steps, and the handlers of the roles met on the way. */
    public record Loaded(List<Step> steps, List<Task> handlers) {
    }

    public Playbook load(Path file) {
        return plays.load(file);
    }

    /** Loads a task file named at run time by a templated {@code include_tasks}. */
    public Loaded loadTaskFile(Path file, Scope scope, Path playbookDir) {
        LoadState state = new LoadState(playbookDir);
        List<Step> steps = tasks.steps(YamlReader.read(file), scope.withBaseDir(baseDir(file)), state, false);
        return new Loaded(steps, state.handlers);
    }

    /** Loads a role named at run time by a templated {@code include_role}. */
    public Loaded loadRole(String name, Map<String, Object> params, Scope scope, SourceLocation at, Path playbookDir) {
        LoadState state = new LoadState(playbookDir);
        List<Step> steps = tasks.roles().expand(name, params, null, scope, at, state, false);
        return new Loaded(steps, state.handlers);
    }
}
