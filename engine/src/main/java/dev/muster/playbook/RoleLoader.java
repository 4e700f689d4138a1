package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.bool;
import static dev.muster.playbook.YamlShapes.conditions;
import static dev.muster.playbook.YamlShapes.mapping;
import static dev.muster.playbook.YamlShapes.frozen;
import static dev.muster.playbook.YamlShapes.readOptional;
import static dev.muster.playbook.YamlShapes.sequence;
import static dev.muster.playbook.YamlShapes.string;
import static dev.muster.playbook.YamlShapes.tagsOf;
import static dev.muster.playbook.YamlShapes.varsOf;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a role (the playbook's {@code roles/}, then the project's role directories) and expands it:
 * its {@code meta} dependencies first, its defaults and vars, its handlers (once per play), and its
 * tasks as one block. A role named twice with the same parameters in {@code roles:} runs once.
 */
final class RoleLoader {

    private final TaskParser tasks;
    private final List<Path> projectRoleDirs;

    RoleLoader(TaskParser tasks, List<Path> projectRoleDirs) {
        this.tasks = tasks;
        this.projectRoleDirs = projectRoleDirs;
    }

    /** An entry of a play's {@code roles:} or of a role's {@code dependencies}: a name, or a mapping with keywords and parameters. */
    List<Step> reference(YamlNode ref, Scope scope, LoadState state) {
        if (ref instanceof YamlNode.Scalar scalar) {
            return expand(scalar.text(), Map.of(), null, scope, ref.location(), state, true);
        }
        YamlNode.Mapping map = mapping(ref, "a role");
        YamlNode nameNode = map.has("role") ? map.get("role") : map.get("name");
        if (nameNode == null) {
            throw new MusterException(map.location(), "a role entry needs 'role'");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        List<Condition> when = List.of();
        Set<String> tags = Set.of();
        Boolean become = null;
        String becomeUser = null;
        for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
            switch (entry.getKey()) {
                case "role", "name" -> { }
                case "when" -> when = conditions(entry.getValue());
                case "tags" -> tags = tagsOf(entry.getValue());
                case "become" -> become = bool(entry.getValue());
                case "become_user" -> becomeUser = string(entry.getValue(), "become_user");
                case "vars" -> params.putAll(varsOf(entry.getValue(), "vars"));
                default -> params.put(entry.getKey(), entry.getValue().toPlain());
            }
        }
        Scope.Settings settings = new Scope.Settings(become, becomeUser, null, null, null, null, null);
        Scope roleScope = scope.within(new Scope.Layer(when, tags, Map.of(), Map.of(), settings));
        return expand(string(nameNode, "a role name"), params, null, roleScope, nameNode.location(), state, true);
    }

    /**
     * The role's steps: its dependencies' blocks, then its tasks as one block.
     *
     * @param tasksFrom the task file to start from ({@code tasks_from}), or null for main
     * @param runOnce   whether the same role with the same parameters already expanded in this play is skipped
     */
    List<Step> expand(String name, Map<String, Object> params, String tasksFrom, Scope outer, SourceLocation at,
                      LoadState state, boolean runOnce) {
        return state.nested(at, "roles and imports", () -> {
            Path dir = find(name, state.playbookDir, at);
            if (runOnce && !state.rolesRun.add(name + params)) {
                return List.of();
            }
            Map<String, Object> defaults = varsOf(readOptional(dir.resolve("defaults"), "main"), "role defaults");
            Map<String, Object> vars = varsOf(readOptional(dir.resolve("vars"), "main"), "role vars");
            RoleContext role = new RoleContext(name, dir, defaults, vars, frozen(params));
            List<Step> steps = new ArrayList<>();
            YamlNode meta = readOptional(dir.resolve("meta"), "main");
            if (meta instanceof YamlNode.Mapping metaMap && metaMap.get("dependencies") != null) {
                for (YamlNode dependency : sequence(metaMap.get("dependencies"), "dependencies")) {
                    steps.addAll(reference(dependency, outer, state));
                }
            }
            Scope scope = outer.withRole(role, dir.resolve("tasks"));
            if (state.roleHandlersLoaded.add(name)) {
                YamlNode handlers = readOptional(dir.resolve("handlers"), "main");
                if (handlers != null) {
                    tasks.handlers(handlers, scope.withBaseDir(dir.resolve("handlers")), state, state.handlers);
                }
            }
            String taskFile = tasksFrom == null ? "main" : tasksFrom.replaceAll("\\.ya?ml$", "");
            YamlNode taskList = readOptional(dir.resolve("tasks"), taskFile);
            if (taskList == null && tasksFrom != null) {
                throw new MusterException(at, "role '" + name + "' has no tasks/" + tasksFrom);
            }
            steps.add(new Block("role " + name, tasks.steps(taskList, scope, state, false), List.of(), List.of(), at));
            return steps;
        });
    }

    private Path find(String name, Path playbookDir, SourceLocation at) {
        if (name.contains("{{")) {
            throw new MusterException(at, "role names in 'roles' and 'import_role' cannot be templates (use include_role): " + name);
        }
        List<Path> searched = new ArrayList<>();
        searched.add(playbookDir.resolve("roles"));
        searched.addAll(projectRoleDirs);
        for (Path dir : searched) {
            Path candidate = dir.resolve(name);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new MusterException(at, "role '" + name + "' not found in " + searched);
    }
}
