package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.module.ArgSpec;
import dev.muster.module.Module;
import dev.muster.module.Suggest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Loads a playbook with every role and imported file it names, and checks each task against its
 * module's {@link ArgSpec}, before any host is touched. Statically named {@code include_*} are
 * loaded here too; only templated include names wait for run time ({@link #loadTaskFile}).
 */
public final class PlaybookLoader {

    static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "vars", "vars_files", "roles", "tasks", "pre_tasks",
            "post_tasks", "handlers", "become", "become_user", "gather_facts", "serial", "any_errors_fatal",
            "max_fail_percentage", "tags", "environment", "ignore_errors", "no_log", "check_mode");
    static final Set<String> TASK_KEYS = Set.of("name", "when", "loop", "with_items", "loop_control", "register", "notify",
            "changed_when", "failed_when", "ignore_errors", "tags", "become", "become_user", "delegate_to", "run_once",
            "no_log", "until", "retries", "delay", "check_mode", "environment", "vars", "listen", "args");
    static final Set<String> BLOCK_KEYS = Set.of("name", "block", "rescue", "always", "when", "tags", "become",
            "become_user", "ignore_errors", "no_log", "check_mode", "environment", "vars", "delegate_to", "run_once");
    private static final Set<String> INCLUDES = Set.of("import_tasks", "include_tasks", "import_role", "include_role");
    private static final String BUILTIN = "ansible.builtin.";

    private final ModuleCatalog modules;
    private final List<Path> projectRoleDirs;
    private final Consumer<Condition> conditionCheck;

    /**
     * @param projectRoleDirs role directories searched after the playbook's own {@code roles/}
     * @param conditionCheck  throws when a condition's syntax is wrong
     */
    public PlaybookLoader(ModuleCatalog modules, List<Path> projectRoleDirs, Consumer<Condition> conditionCheck) {
        this.modules = modules;
        this.projectRoleDirs = projectRoleDirs;
        this.conditionCheck = conditionCheck;
    }

    /** What loading a list of steps produced: the steps, and the handlers of the roles met on the way. */
    public record Loaded(List<Step> steps, List<Task> handlers) {
    }

    /** State shared while loading one play: handlers collected, roles already expanded. */
    private static final class Collector {
        final Path playbookDir;
        final List<Task> handlers = new ArrayList<>();
        final Set<String> rolesRun = new HashSet<>();
        final Set<String> roleHandlersLoaded = new HashSet<>();
        int depth;

        Collector(Path playbookDir) {
            this.playbookDir = playbookDir;
        }
    }

    public Playbook load(Path file) {
        YamlNode root = YamlReader.read(file);
        if (!(root instanceof YamlNode.Sequence plays)) {
            throw new MusterException(root.location(), "a playbook is a list of plays");
        }
        List<Play> loaded = new ArrayList<>();
        loadPlays(file, plays, loaded, 0);
        return new Playbook(file, List.copyOf(loaded));
    }

    /** Plays in file order; {@code import_playbook} entries are replaced by the plays of the file they name. */
    private void loadPlays(Path file, YamlNode.Sequence plays, List<Play> into, int depth) {
        Path dir = baseDir(file);
        for (YamlNode item : plays.items()) {
            YamlNode.Mapping play = mapping(item, "a play");
            String importKey = play.has("import_playbook") ? "import_playbook"
                    : play.has("ansible.builtin.import_playbook") ? "ansible.builtin.import_playbook" : null;
            if (importKey == null) {
                into.add(loadPlay(play, dir));
                continue;
            }
            checkKeys(play, Set.of(importKey, "name"), "import_playbook keyword");
            String name = string(play.get(importKey), "import_playbook");
            if (name.contains("{{") || depth > 20) {
                throw new MusterException(play.keyLocation(importKey), "import_playbook needs a fixed file name (and no cycle): " + name);
            }
            Path imported = dir.resolve(name);
            YamlNode root = YamlReader.read(imported);
            if (!(root instanceof YamlNode.Sequence importedPlays)) {
                throw new MusterException(root.location(), "a playbook is a list of plays");
            }
            loadPlays(imported, importedPlays, into, depth + 1);
        }
    }

    /** Loads a task file named at run time by a templated {@code include_tasks}. */
    public Loaded loadTaskFile(Path file, Scope scope, Path playbookDir) {
        Collector collector = new Collector(playbookDir);
        List<Step> steps = parseSteps(YamlReader.read(file), scope.withBaseDir(baseDir(file)), collector, false);
        return new Loaded(steps, collector.handlers);
    }

    /** Loads a role named at run time by a templated {@code include_role}. */
    public Loaded loadRole(String name, Map<String, Object> params, Scope scope, SourceLocation at, Path playbookDir) {
        Collector collector = new Collector(playbookDir);
        List<Step> steps = expandRole(name, params, null, scope, at, collector, false);
        return new Loaded(steps, collector.handlers);
    }

    private Play loadPlay(YamlNode.Mapping node, Path dir) {
        checkKeys(node, PLAY_KEYS, "play keyword");
        if (!node.has("hosts")) {
            throw new MusterException(node.location(), "a play needs 'hosts'");
        }
        String hosts = hostsPattern(node.get("hosts"));
        Collector collector = new Collector(dir);
        Map<String, Object> vars = new LinkedHashMap<>(varsOf(node.get("vars"), "vars"));
        if (node.has("vars_files")) {
            for (YamlNode item : sequence(node.get("vars_files"), "vars_files")) {
                String name = string(item, "a vars file");
                if (name.contains("{{")) {
                    throw new MusterException(item.location(), "vars_files names cannot be templates: " + name);
                }
                Path varsFile = dir.resolve(name);
                vars.putAll(varsOf(YamlReader.read(varsFile), "a vars file"));
            }
        }
        Scope scope = Scope.root(dir).withTags(tagsOf(node.get("tags")))
                .withEnvironment(varsOf(node.get("environment"), "environment"))
                .withKeywords(bool(node.get("become")), optString(node.get("become_user")), bool(node.get("ignore_errors")),
                        bool(node.get("no_log")), bool(node.get("check_mode")), null, null);
        List<Step> pre = parseSteps(node.get("pre_tasks"), scope, collector, false);
        List<Step> main = new ArrayList<>();
        if (node.has("roles")) {
            for (YamlNode ref : sequence(node.get("roles"), "roles")) {
                main.addAll(roleReference(ref, scope, collector));
            }
        }
        main.addAll(parseSteps(node.get("tasks"), scope, collector, false));
        List<Step> post = parseSteps(node.get("post_tasks"), scope, collector, false);
        List<Task> handlers = new ArrayList<>(collector.handlers);
        for (Step step : parseSteps(node.get("handlers"), scope, collector, true)) {
            flattenHandlers(step, handlers);
        }
        Boolean gather = bool(node.get("gather_facts"));
        Boolean fatal = bool(node.get("any_errors_fatal"));
        Integer maxFail = node.has("max_fail_percentage") ? integer(node.get("max_fail_percentage"), "max_fail_percentage") : null;
        return new Play(optString(node.get("name")), hosts, Map.copyOf(nullSafe(vars)), pre, List.copyOf(main), post,
                List.copyOf(handlers), gather == null || gather, serialOf(node.get("serial")), Boolean.TRUE.equals(fatal),
                maxFail, scope, node.location());
    }

    private static Map<String, Object> nullSafe(Map<String, Object> vars) {
        Map<String, Object> copy = new LinkedHashMap<>();
        vars.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return copy;
    }

    private void flattenHandlers(Step step, List<Task> into) {
        if (step instanceof Task task) {
            into.add(task);
        } else if (step instanceof Block block) {
            block.block().forEach(s -> flattenHandlers(s, into));
        } else {
            throw new MusterException(step.location(), "handlers cannot use templated includes");
        }
    }

    private List<Step> roleReference(YamlNode ref, Scope scope, Collector collector) {
        if (ref instanceof YamlNode.Scalar scalar) {
            return expandRole(scalar.text(), Map.of(), null, scope, ref.location(), collector, true);
        }
        YamlNode.Mapping map = mapping(ref, "a role");
        YamlNode nameNode = map.has("role") ? map.get("role") : map.get("name");
        if (nameNode == null) {
            throw new MusterException(map.location(), "a role entry needs 'role'");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Scope roleScope = scope;
        for (Map.Entry<String, YamlNode> entry : map.entries().entrySet()) {
            switch (entry.getKey()) {
                case "role", "name" -> { }
                case "when" -> roleScope = roleScope.withWhen(conditions(entry.getValue()));
                case "tags" -> roleScope = roleScope.withTags(tagsOf(entry.getValue()));
                case "become" -> roleScope = roleScope.withKeywords(bool(entry.getValue()), null, null, null, null, null, null);
                case "become_user" -> roleScope = roleScope.withKeywords(null, string(entry.getValue(), "become_user"), null, null, null, null, null);
                case "vars" -> params.putAll(varsOf(entry.getValue(), "vars"));
                default -> params.put(entry.getKey(), entry.getValue().toPlain());
            }
        }
        return expandRole(string(nameNode, "a role name"), params, null, roleScope, nameNode.location(), collector, true);
    }

    private List<Step> expandRole(String name, Map<String, Object> params, String tasksFrom, Scope outer, SourceLocation at,
                                  Collector collector, boolean runOnce) {
        if (++collector.depth > 30) {
            throw new MusterException(at, "roles and imports nested too deeply (a cycle?)");
        }
        try {
            Path dir = findRole(name, collector.playbookDir, at);
            String key = name + params;
            if (runOnce && !collector.rolesRun.add(key)) {
                return List.of();
            }
            Map<String, Object> defaults = varsOf(readOptional(dir.resolve("defaults"), "main"), "role defaults");
            Map<String, Object> vars = varsOf(readOptional(dir.resolve("vars"), "main"), "role vars");
            RoleContext role = new RoleContext(name, dir, defaults, vars, Map.copyOf(nullSafe(params)));
            List<Step> steps = new ArrayList<>();
            YamlNode meta = readOptional(dir.resolve("meta"), "main");
            if (meta instanceof YamlNode.Mapping metaMap && metaMap.get("dependencies") != null) {
                for (YamlNode dependency : sequence(metaMap.get("dependencies"), "dependencies")) {
                    steps.addAll(roleReference(dependency, outer, collector));
                }
            }
            Scope scope = outer.withRole(role, dir.resolve("tasks"));
            if (collector.roleHandlersLoaded.add(name)) {
                YamlNode handlers = readOptional(dir.resolve("handlers"), "main");
                if (handlers != null) {
                    for (Step step : parseSteps(handlers, scope.withBaseDir(dir.resolve("handlers")), collector, true)) {
                        flattenHandlers(step, collector.handlers);
                    }
                }
            }
            String taskFile = tasksFrom == null ? "main" : tasksFrom.replaceAll("\\.ya?ml$", "");
            YamlNode tasks = readOptional(dir.resolve("tasks"), taskFile);
            if (tasks == null && tasksFrom != null) {
                throw new MusterException(at, "role '" + name + "' has no tasks/" + tasksFrom);
            }
            steps.add(new Block("role " + name, parseSteps(tasks, scope, collector, false), List.of(), List.of(), at));
            return steps;
        } finally {
            collector.depth--;
        }
    }

    private Path findRole(String name, Path playbookDir, SourceLocation at) {
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

    /** {@code dir/name.yml} or {@code .yaml} or bare, or null when none exists. */
    private static YamlNode readOptional(Path dir, String name) {
        for (String candidate : List.of(name + ".yml", name + ".yaml", name)) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return YamlReader.read(file);
            }
        }
        return null;
    }

    private List<Step> parseSteps(YamlNode node, Scope scope, Collector collector, boolean handlers) {
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Mapping map && map.entries().isEmpty()) {
            return List.of();
        }
        List<Step> steps = new ArrayList<>();
        for (YamlNode item : sequence(node, "a task list")) {
            Step step = parseStep(mapping(item, "a task"), scope, collector, handlers);
            if (step != null) {
                steps.add(step);
            }
        }
        return List.copyOf(steps);
    }

    private Step parseStep(YamlNode.Mapping node, Scope outer, Collector collector, boolean handler) {
        if (node.has("block")) {
            checkKeys(node, BLOCK_KEYS, "block keyword");
            Scope scope = inheritedScope(node, outer);
            return new Block(optString(node.get("name")), parseSteps(node.get("block"), scope, collector, handler),
                    parseSteps(node.get("rescue"), scope, collector, handler), parseSteps(node.get("always"), scope, collector, handler),
                    node.location());
        }
        String action = actionOf(node);
        String plain = action.startsWith(BUILTIN) ? action.substring(BUILTIN.length()) : action;
        if (INCLUDES.contains(plain) || plain.equals("meta")) {
            node = renamed(node, action, plain);
            action = plain;
        }
        YamlNode value = node.get(action);
        SourceLocation actionAt = node.keyLocation(action);
        if (INCLUDES.contains(action)) {
            return include(action, node, value, actionAt, outer, collector);
        }
        Scope scope = inheritedScope(node, outer);
        Map<String, Object> args;
        Map<String, SourceLocation> argLocations = new LinkedHashMap<>();
        if (action.equals("meta")) {
            String what = string(value, "meta");
            if (!Set.of("flush_handlers", "noop").contains(what)) {
                throw new MusterException(value.location(), "unsupported meta action '" + what + "' (flush_handlers, noop)");
            }
            args = Map.of("action", what);
        } else {
            String moduleName = action;
            Module module = modules.find(moduleName).orElseThrow(() -> new MusterException(actionAt,
                    "unknown module '" + moduleName + "'" + Suggest.hint(suggestModule(moduleName))));
            args = moduleArgs(module, value, node.get("args"), argLocations, actionAt);
        }
        YamlNode loop = node.has("loop") ? node.get("loop") : node.get("with_items");
        if (node.has("loop") && node.has("with_items")) {
            throw new MusterException(node.keyLocation("with_items"), "use either 'loop' or 'with_items'");
        }
        String loopVar = "item";
        String label = null;
        if (node.get("loop_control") != null) {
            YamlNode.Mapping control = mapping(node.get("loop_control"), "loop_control");
            checkKeys(control, Set.of("loop_var", "label"), "loop_control keyword");
            loopVar = control.has("loop_var") ? string(control.get("loop_var"), "loop_var") : loopVar;
            label = optString(control.get("label"));
        }
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
        return new Task(optString(node.get("name")), action, args, argLocations, List.copyOf(when),
                loop == null ? null : loop.toPlain(), !node.has("loop"), loopVar, label, register,
                stringList(node.get("notify")), changedWhen, failedWhen, scope.tags(), until, retries, delay,
                handler ? stringList(node.get("listen")) : List.of(), scope.withoutWhen(), node.location());
    }

    /** The scope a block or task hands down: the enclosing one plus its own keywords. */
    private Scope inheritedScope(YamlNode.Mapping node, Scope outer) {
        return outer.withWhen(conditions(node.get("when")))
                .withTags(tagsOf(node.get("tags")))
                .withVars(varsOf(node.get("vars"), "vars"))
                .withEnvironment(varsOf(node.get("environment"), "environment"))
                .withKeywords(bool(node.get("become")), optString(node.get("become_user")), bool(node.get("ignore_errors")),
                        bool(node.get("no_log")), bool(node.get("check_mode")), optString(node.get("delegate_to")),
                        bool(node.get("run_once")));
    }

    private Step include(String action, YamlNode.Mapping node, YamlNode value, SourceLocation at, Scope outer, Collector collector) {
        Set<String> allowed = new HashSet<>(Set.of("name", "when", "tags", "vars", "become", "become_user", "environment",
                "ignore_errors", "no_log", "check_mode", "delegate_to", "run_once"));
        allowed.add(action);
        if (action.startsWith("include")) {
            allowed.addAll(Set.of("loop", "with_items", "loop_control"));
        }
        checkKeys(node, allowed, "keyword for " + action);
        Scope scope = inheritedScope(node, outer);
        boolean role = action.endsWith("_role");
        String name;
        String tasksFrom = null;
        if (value instanceof YamlNode.Mapping map) {
            checkKeys(map, role ? Set.of("name", "tasks_from") : Set.of("file"), action + " argument");
            name = string(map.get(role ? "name" : "file"), action);
            tasksFrom = role ? optString(map.get("tasks_from")) : null;
        } else {
            name = string(value, action);
        }
        YamlNode loop = node.has("loop") ? node.get("loop") : node.get("with_items");
        if (name.contains("{{") || loop != null) {
            if (action.startsWith("import")) {
                throw new MusterException(at, action + " needs a fixed name; use include_" + action.substring(7) + " for a templated one");
            }
            String loopVar = "item";
            if (node.get("loop_control") != null) {
                YamlNode.Mapping control = mapping(node.get("loop_control"), "loop_control");
                checkKeys(control, Set.of("loop_var"), "loop_control keyword for an include");
                loopVar = control.has("loop_var") ? string(control.get("loop_var"), "loop_var") : loopVar;
            }
            scope.when().forEach(conditionCheck);
            return new DynamicInclude(role ? DynamicInclude.Kind.ROLE : DynamicInclude.Kind.TASKS, name,
                    Map.of(), scope.when(), loop == null ? null : loop.toPlain(), !node.has("loop"), loopVar, scope.withoutWhen(), at);
        }
        if (++collector.depth > 30) {
            throw new MusterException(at, "imports nested too deeply (a cycle?)");
        }
        try {
            if (role) {
                Map<String, Object> params = Map.copyOf(scope.vars());
                Scope roleScope = scope.withVars(Map.of());
                return new Block(optString(node.get("name")), expandRole(name, params, tasksFrom, roleScope, at, collector, false),
                        List.of(), List.of(), at);
            }
            Path file = TaskFiles.find(name, outer, collector.playbookDir, at);
            return new Block(optString(node.get("name")), parseSteps(YamlReader.read(file), scope.withBaseDir(baseDir(file)), collector, false),
                    List.of(), List.of(), at);
        } finally {
            collector.depth--;
        }
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

    private String actionOf(YamlNode.Mapping node) {
        List<String> actions = new ArrayList<>();
        for (String key : node.entries().keySet()) {
            if (!TASK_KEYS.contains(key)) {
                actions.add(key);
            }
        }
        if (actions.isEmpty()) {
            throw new MusterException(node.location(), "task has no module");
        }
        if (actions.size() > 1) {
            for (String key : actions) {
                if (!INCLUDES.contains(key) && !key.equals("meta") && modules.find(key).isEmpty()) {
                    List<String> hints = new ArrayList<>(Suggest.all(key, TASK_KEYS));
                    hints.addAll(suggestModule(key));
                    throw new MusterException(node.keyLocation(key), "unknown module or task keyword '" + key + "'" + Suggest.hint(hints));
                }
            }
            throw new MusterException(node.keyLocation(actions.get(1)), "a task has one module, found " + actions);
        }
        return actions.get(0);
    }

    private List<String> suggestModule(String name) {
        return modules.suggest(name);
    }

    private Map<String, Object> moduleArgs(Module module, YamlNode value, YamlNode extra, Map<String, SourceLocation> locations,
                                           SourceLocation at) {
        ArgSpec spec = module.spec();
        Map<String, Object> args = new LinkedHashMap<>();
        if (value instanceof YamlNode.Mapping map) {
            map.entries().forEach((k, v) -> {
                args.put(k, v.toPlain());
                locations.put(k, map.keyLocation(k));
            });
        } else if (value instanceof YamlNode.Scalar scalar && scalar.value() != null) {
            FreeFormArgs.parse(scalar.text(), spec.freeForm(), spec.names(), scalar.location()).forEach((k, v) -> {
                args.put(k, v);
                locations.put(k, scalar.location());
            });
        } else if (value instanceof YamlNode.Sequence) {
            throw new MusterException(value.location(), "module arguments are a mapping or a string, not a list");
        }
        if (extra != null) {
            YamlNode.Mapping map = mapping(extra, "args");
            map.entries().forEach((k, v) -> {
                args.putIfAbsent(k, v.toPlain());
                locations.putIfAbsent(k, map.keyLocation(k));
            });
        }
        spec.check(module.name(), args, locations, at);
        checkConditionArgs(spec, value, extra);
        return args;
    }

    /** Arguments that are conditions (assert's {@code that}) get the same syntax check as {@code when}, item by item. */
    private void checkConditionArgs(ArgSpec spec, YamlNode value, YamlNode extra) {
        for (ArgSpec.Arg arg : spec.args().values()) {
            if (arg.type() != ArgSpec.Type.CONDITIONS) {
                continue;
            }
            for (YamlNode source : java.util.Arrays.asList(value, extra)) {
                if (source instanceof YamlNode.Mapping map) {
                    for (String name : arg.allNames()) {
                        if (map.has(name)) {
                            conditions(map.get(name)).forEach(conditionCheck);
                        }
                    }
                }
            }
        }
    }

    // ---- small readers that report FILE:LINE:COLUMN on a wrong shape ----

    private static void checkKeys(YamlNode.Mapping node, Set<String> allowed, String what) {
        for (String key : node.entries().keySet()) {
            if (!allowed.contains(key)) {
                throw new MusterException(node.keyLocation(key), "unknown " + what + " '" + key + "'" + Suggest.hint(Suggest.all(key, allowed)));
            }
        }
    }

    static YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping map) {
            return map;
        }
        throw new MusterException(node.location(), what + " must be a mapping");
    }

    static List<YamlNode> sequence(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence seq) {
            return seq.items();
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.value() == null) {
            return List.of();
        }
        throw new MusterException(node.location(), what + " must be a list");
    }

    static String string(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value() != null) {
            return scalar.text();
        }
        throw new MusterException(node == null ? null : node.location(), what + " must be a string");
    }

    private static String optString(YamlNode node) {
        return node == null || node instanceof YamlNode.Scalar s && s.value() == null ? null : string(node, "value");
    }

    private static Boolean bool(YamlNode node) {
        if (node == null) {
            return null;
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Boolean b) {
            return b;
        }
        throw new MusterException(node.location(), "expected true or false");
    }

    private static int integer(YamlNode node, String what) {
        if (node instanceof YamlNode.Scalar scalar && scalar.value() instanceof Integer i) {
            return i;
        }
        throw new MusterException(node.location(), what + " must be a whole number");
    }

    private static Map<String, Object> varsOf(YamlNode node, String what) {
        if (node == null || node instanceof YamlNode.Scalar s && s.value() == null) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) mapping(node, what).toPlain();
        return plain;
    }

    private static List<String> stringList(YamlNode node) {
        if (node == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Scalar) {
            return List.of(string(node, "a name"));
        }
        return sequence(node, "a list of names").stream().map(item -> string(item, "a name")).toList();
    }

    private static Set<String> tagsOf(YamlNode node) {
        if (node == null) {
            return Set.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : stringList(node)) {
            for (String part : tag.split(",")) {
                if (!part.isBlank()) {
                    tags.add(part.trim());
                }
            }
        }
        return tags;
    }

    private static List<Condition> conditions(YamlNode node) {
        if (node == null) {
            return new ArrayList<>();
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        List<Condition> conditions = new ArrayList<>();
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Scalar scalar) || scalar.value() == null) {
                throw new MusterException(item.location(), "a condition must be an expression");
            }
            conditions.add(new Condition(scalar.text(), scalar.location()));
        }
        return conditions;
    }

    private static String hostsPattern(YamlNode node) {
        if (node instanceof YamlNode.Sequence seq) {
            return String.join(":", seq.items().stream().map(item -> string(item, "a host pattern")).toList());
        }
        return string(node, "hosts");
    }

    private static List<Object> serialOf(YamlNode node) {
        if (node == null) {
            return List.of();
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence seq ? seq.items() : List.of(node);
        List<Object> sizes = new ArrayList<>();
        for (YamlNode item : items) {
            Object value = item.toPlain();
            if (value instanceof Integer i && i > 0) {
                sizes.add(i);
            } else if (value instanceof String s && s.matches("\\d{1,3}%") && Integer.parseInt(s.replace("%", "")) > 0) {
                sizes.add(s);
            } else {
                throw new MusterException(item.location(), "serial must be a positive number or a percentage like '30%'");
            }
        }
        return List.copyOf(sizes);
    }

    private static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
