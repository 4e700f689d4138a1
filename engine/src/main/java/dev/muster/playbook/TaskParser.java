package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.conditions;
import static dev.muster.playbook.YamlShapes.integer;
import static dev.muster.playbook.YamlShapes.mapping;
import static dev.muster.playbook.YamlShapes.optString;
import static dev.muster.playbook.YamlShapes.sequence;
import static dev.muster.playbook.YamlShapes.string;
import static dev.muster.playbook.YamlShapes.stringList;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.module.Module;
import dev.muster.module.Suggest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a task list: blocks, tasks (module, arguments, loop, conditions, result handling) and, through
 * {@link IncludeParser}, imports and includes. Keywords of the enclosing play, role and blocks are
 * pushed down into each task's {@link Scope}.
 */
final class TaskParser {

    private static final String BUILTIN = "ansible.builtin.";

    private final ModuleCatalog modules;
    private final Consumer<Condition> conditionCheck;
    private final ArgumentReader arguments;
    private final RoleLoader roles;
    private final IncludeParser includes;

    /**
     * Task lists hold imported roles and files, and roles and files hold task lists: the three recurse into
     * each other, so the role loader and the include parser are made here, with this parser.
     */
    TaskParser(ModuleCatalog modules, List<Path> projectRoleDirs, Consumer<Condition> conditionCheck) {
        this.modules = modules;
        this.conditionCheck = conditionCheck;
        this.arguments = new ArgumentReader(conditionCheck);
        this.roles = new RoleLoader(this, projectRoleDirs);
        this.includes = new IncludeParser(this, roles, conditionCheck);
    }

    RoleLoader roles() {
        return roles;
    }

    /** The steps of a task list; nothing (null, empty) is an empty list. */
    List<Step> steps(YamlNode node, Scope scope, LoadState state, boolean handlers) {
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Mapping map && map.entries().isEmpty()) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (YamlNode item : sequence(node, "a task list")) {
            steps.add(step(mapping(item, "a task"), scope, state, handlers));
        }
        return List.copyOf(steps);
    }

    /** Reads a handler list into {@code into}, blocks flattened: handlers are notified one by one. */
    void handlers(YamlNode node, Scope scope, LoadState state, List<Task> into) {
        for (Step step : steps(node, scope, state, true)) {
            flattenHandlers(step, into);
        }
    }

    private static void flattenHandlers(Step step, List<Task> into) {
        if (step instanceof Task task) {
            into.add(task);
        } else if (step instanceof Block block) {
            block.block().forEach(s -> flattenHandlers(s, into));
        } else {
            throw new MusterException(step.location(), "handlers cannot use templated includes");
        }
    }

    private Step step(YamlNode.Mapping node, Scope outer, LoadState state, boolean handler) {
        if (node.has("block")) {
            Keywords.check(node, Keywords.BLOCK, "block keyword");
            Scope scope = Keywords.inherit(node, outer);
            return new Block(optString(node.get("name")), steps(node.get("block"), scope, state, handler),
                    steps(node.get("rescue"), scope, state, handler), steps(node.get("always"), scope, state, handler),
                    node.location());
        }
        String action = actionOf(node);
        String plain = action.startsWith(BUILTIN) ? action.substring(BUILTIN.length()) : action;
        if (Keywords.INCLUDES.contains(plain) || plain.equals("meta")) {
            node = renamed(node, action, plain);
            action = plain;
        }
        if (Keywords.INCLUDES.contains(action)) {
            return includes.parse(action, node, outer, state);
        }
        return task(action, node, outer, handler);
    }

    private Task task(String action, YamlNode.Mapping node, Scope outer, boolean handler) {
        YamlNode value = node.get(action);
        SourceLocation actionAt = node.keyLocation(action);
        Scope scope = Keywords.inherit(node, outer);
        Map<String, Object> args;
        Map<String, SourceLocation> argLocations = new LinkedHashMap<>();
        if (action.equals("meta")) {
            String what = string(value, "meta");
            if (!Set.of("flush_handlers", "noop", "end_host", "end_batch", "end_play").contains(what)) {
                throw new MusterException(value.location(), "unsupported meta action '" + what
                        + "' (flush_handlers, noop, end_host, end_batch, end_play)");
            }
            args = Map.of("action", what);
        } else {
            Module module = modules.find(action).orElseThrow(() -> new MusterException(actionAt,
                    "unknown module '" + action + "'" + Suggest.hint(modules.suggest(action))));
            args = arguments.read(module, value, node.get("args"), argLocations, actionAt);
        }
        Task.Looping looping = looping(node);
        List<Condition> until = conditions(node.get("until"));
        int retries = node.has("retries") ? integer(node.get("retries"), "retries") : until.isEmpty() ? 0 : 3;
        int delay = node.has("delay") ? integer(node.get("delay"), "delay") : 5;
        List<Condition> when = new ArrayList<>(scope.when());
        List<Condition> changedWhen = conditions(node.get("changed_when"));
        List<Condition> failedWhen = conditions(node.get("failed_when"));
        for (List<Condition> list : List.of(when, changedWhen, failedWhen, until)) {
            list.forEach(conditionCheck);
        }
        String register = optString(node.get("register"));
        if (register != null && !register.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new MusterException(node.get("register").location(), "register needs a variable name, not '" + register + "'");
        }
        return Task.builder(action, scope.withoutWhen(), node.location())
                .name(optString(node.get("name")))
                .args(args, argLocations)
                .when(when)
                .looping(looping)
                .retrying(new Task.Retrying(until, retries, delay))
                .results(new Task.ResultHandling(register, changedWhen, failedWhen))
                .links(new Task.HandlerLinks(stringList(node.get("notify")), handler ? stringList(node.get("listen")) : List.of()))
                .build();
    }

    /**
     * {@code loop} or one {@code with_*} keyword (a lookup we have; any other is refused here, at its key), and
     * {@code loop_control}.
     */
    private static Task.Looping looping(YamlNode.Mapping node) {
        String key = loopKey(node);
        if (key == null) {
            return Task.Looping.NONE;
        }
        String lookup = key.equals("loop") ? null : key.substring("with_".length());
        String loopVar = "item";
        String indexVar = null;
        String label = null;
        boolean extended = false;
        if (node.get("loop_control") != null) {
            YamlNode.Mapping control = mapping(node.get("loop_control"), "loop_control");
            Keywords.check(control, Set.of("loop_var", "index_var", "label", "extended"), "loop_control keyword");
            loopVar = control.has("loop_var") ? string(control.get("loop_var"), "loop_var") : loopVar;
            indexVar = optString(control.get("index_var"));
            label = optString(control.get("label"));
            extended = Boolean.TRUE.equals(YamlShapes.bool(control.get("extended")));
        }
        return new Task.Looping(node.get(key).toPlain(), lookup, loopVar, indexVar, label, extended);
    }

    /**
     * The loop keyword of a task or include: {@code loop}, one {@code with_*} of a lookup we have (any other is refused
     * here, at its key), or null.
     */
    static String loopKey(YamlNode.Mapping node) {
        List<String> loops = node.entries().keySet().stream().filter(k -> k.equals("loop") || k.startsWith("with_")).toList();
        if (loops.isEmpty()) {
            return null;
        }
        if (loops.size() > 1) {
            throw new MusterException(node.keyLocation(loops.get(1)), "a task loops once: found " + loops);
        }
        String key = loops.get(0);
        String lookup = key.equals("loop") ? null : key.substring("with_".length());
        if (lookup != null && !Task.Looping.LOOKUPS.contains(lookup)) {
            throw new MusterException(node.keyLocation(key), "unsupported loop '" + key + "'" + Suggest.hint(Suggest.all(lookup,
                    Task.Looping.LOOKUPS).stream().map(l -> "with_" + l).toList()) + " (supported: loop, with_"
                    + String.join(", with_", Task.Looping.LOOKUPS.stream().sorted().toList()) + ")");
        }
        return key;
    }

    /** The one key of a task that is not a task keyword: its module, include or meta. */
    private String actionOf(YamlNode.Mapping node) {
        List<String> actions = new ArrayList<>();
        for (String key : node.entries().keySet()) {
            if (!Keywords.TASK.contains(key) && !key.startsWith("with_")) { // with_*: checked with the loop
                actions.add(key);
            }
        }
        if (actions.isEmpty()) {
            throw new MusterException(node.location(), "task has no module");
        }
        if (actions.size() > 1) {
            for (String key : actions) {
                if (!Keywords.INCLUDES.contains(key) && !key.equals("meta") && modules.find(key).isEmpty()) {
                    List<String> hints = new ArrayList<>(Suggest.all(key, Keywords.TASK));
                    hints.addAll(modules.suggest(key));
                    throw new MusterException(node.keyLocation(key), "unknown module or task keyword '" + key + "'" + Suggest.hint(hints));
                }
            }
            throw new MusterException(node.keyLocation(actions.get(1)), "a task has one module, found " + actions);
        }
        return actions.get(0);
    }

    /** The same mapping with one key renamed (ansible.builtin.meta -> meta), positions kept. */
    private static YamlNode.Mapping renamed(YamlNode.Mapping node, String from, String to) {
        if (from.equals(to)) {
            return node;
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, SourceLocation> keys = new LinkedHashMap<>();
        node.entries().forEach((k, v) -> {
            entries.put(k.equals(from) ? to : k, v);
            keys.put(k.equals(from) ? to : k, node.keyLocation(k));
        });
        return new YamlNode.Mapping(entries, keys, node.location());
    }
}
