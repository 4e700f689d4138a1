package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.baseDir;
import static dev.muster.playbook.YamlShapes.mapping;
import static dev.muster.playbook.YamlShapes.optString;
import static dev.muster.playbook.YamlShapes.string;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code import_tasks}, {@code include_tasks}, {@code import_role} and {@code include_role}: a fixed name is
 * loaded now, as a block, so it is checked before any host is touched; a templated name or a loop becomes a
 * {@link DynamicInclude} that the executor loads on each host (imports must be fixed).
 */
final class IncludeParser {

    private final TaskParser tasks;
    private final RoleLoader roles;
    private final Consumer<Condition> conditionCheck;

    IncludeParser(TaskParser tasks, RoleLoader roles, Consumer<Condition> conditionCheck) {
        this.tasks = tasks;
        this.roles = roles;
        this.conditionCheck = conditionCheck;
    }

    /** @param action the include keyword, {@code ansible.builtin.} already taken off */
    Step parse(String action, YamlNode.Mapping node, Scope outer, LoadState state) {
        YamlNode value = node.get(action);
        SourceLocation at = node.keyLocation(action);
        Set<String> allowed = new HashSet<>(Keywords.INCLUDE);
        allowed.add(action);
        String loopKey = null;
        if (action.startsWith("include")) {
            allowed.addAll(Keywords.INCLUDE_LOOP);
            loopKey = TaskParser.loopKey(node);
            if (loopKey != null) {
                allowed.add(loopKey);
            }
        }
        Keywords.check(node, allowed, "keyword for " + action);
        Scope scope = Keywords.inherit(node, outer);
        boolean role = action.endsWith("_role");
        String name;
        String tasksFrom = null;
        if (value instanceof YamlNode.Mapping map) {
            Keywords.check(map, role ? Set.of("name", "tasks_from") : Set.of("file"), action + " argument");
            name = string(map.get(role ? "name" : "file"), action);
            tasksFrom = role ? optString(map.get("tasks_from")) : null;
        } else if (keyValues(value, role)) {
            // include_tasks: file=x.yml, include_role: name=r tasks_from=t, as Ansible reads them
            Set<String> keys = role ? Set.of("name", "tasks_from") : Set.of("file");
            Map<String, Object> args = FreeFormArgs.parse(string(value, action), action, null, value.location());
            for (String key : args.keySet()) {
                if (!keys.contains(key)) {
                    throw new MusterException(value.location(), "unknown " + action + " argument '" + key + "'");
                }
            }
            name = String.valueOf(args.get(role ? "name" : "file"));
            tasksFrom = role && args.containsKey("tasks_from") ? String.valueOf(args.get("tasks_from")) : null;
        } else {
            name = string(value, action);
        }
        YamlNode loop = loopKey == null ? null : node.get(loopKey);
        if (name.contains("{{") || loop != null) {
            if (action.startsWith("import")) {
                throw new MusterException(at, action + " needs a fixed name; use include_" + action.substring(7) + " for a templated one");
            }
            return dynamic(role, name, node, loop, loopKey, scope, at);
        }
        String roleTasks = tasksFrom;
        String blockName = optString(node.get("name"));
        if (action.equals("include_tasks") && !scope.when().isEmpty()) {
            return loadedOrDeferred(name, blockName, node, scope, outer, state, at);
        }
        return load(role, name, roleTasks, blockName, scope, outer, state, at);
    }

    /**
     * A conditional include_tasks (its own {@code when} or one above it) that does not load: Ansible loads an include's
     * file only on the hosts whose condition holds, so roles carry files for other platforms (a {@code
     * setup-RedHat.yml} with modules or arguments this engine lacks, under {@code when: ansible_os_family ==
     * 'RedHat'}) that never stop a run elsewhere. Such a file is loaded again, and refused, only on the hosts that
     * include it, failing them as ansible-playbook fails them; every other file is still checked before any host.
     */
    private Step loadedOrDeferred(String name, String blockName, YamlNode.Mapping node, Scope scope, Scope outer, LoadState state,
                                  SourceLocation at) {
        int handlers = state.handlers.size();
        Set<String> rolesRun = Set.copyOf(state.rolesRun);
        Set<String> roleHandlers = Set.copyOf(state.roleHandlersLoaded);
        try {
            return load(false, name, null, blockName, scope, outer, state, at);
        } catch (MusterException refused) {
            state.handlers.subList(handlers, state.handlers.size()).clear();
            state.rolesRun.retainAll(rolesRun);
            state.roleHandlersLoaded.retainAll(roleHandlers);
            return dynamic(false, name, node, null, null, scope, at);
        }
    }

    private Step load(boolean role, String name, String roleTasks, String blockName, Scope scope, Scope outer, LoadState state,
                      SourceLocation at) {
        return state.nested(at, "imports", () -> {
            if (role) {
                // the include's vars become the role's parameters (the role's own scope starts without vars)
                List<Step> steps = roles.expand(name, Map.copyOf(scope.vars()), roleTasks, scope, at, state, false);
                return new Block(blockName, steps, List.of(), List.of(), at);
            }
            Path file = TaskFiles.find(name, outer, state.playbookDir, at);
            List<Step> steps = tasks.steps(YamlReader.read(file), scope.withBaseDir(baseDir(file)), state, false);
            return new Block(blockName, steps, List.of(), List.of(), at);
        });
    }

    /** A string that starts with {@code file=} (or {@code name=} for a role) holds key=value arguments, not a file name. */
    private static boolean keyValues(YamlNode value, boolean role) {
        return value instanceof YamlNode.Scalar scalar && scalar.value() instanceof String text
                && text.stripLeading().startsWith(role ? "name=" : "file=");
    }

    private DynamicInclude dynamic(boolean role, String name, YamlNode.Mapping node, YamlNode loop, String loopKey, Scope scope,
                                   SourceLocation at) {
        String loopVar = "item";
        String indexVar = null;
        if (node.get("loop_control") != null) {
            YamlNode.Mapping control = mapping(node.get("loop_control"), "loop_control");
            Keywords.check(control, Set.of("loop_var", "index_var", "label"), "loop_control keyword for an include");
            loopVar = control.has("loop_var") ? string(control.get("loop_var"), "loop_var") : loopVar;
            indexVar = optString(control.get("index_var"));
        }
        scope.when().forEach(conditionCheck);
        return new DynamicInclude(role ? DynamicInclude.Kind.ROLE : DynamicInclude.Kind.TASKS, name,
                Map.of(), scope.when(), loop == null ? null : loop.toPlain(),
                loopKey == null || loopKey.equals("loop") ? null : loopKey.substring("with_".length()), loopVar, indexVar,
                scope.withoutWhen(), at);
    }
}
