package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.baseDir;
import static dev.muster.playbook.YamlShapes.bool;
import static dev.muster.playbook.YamlShapes.integer;
import static dev.muster.playbook.YamlShapes.mapping;
import static dev.muster.playbook.YamlShapes.frozen;
import static dev.muster.playbook.YamlShapes.optString;
import static dev.muster.playbook.YamlShapes.sequence;
import static dev.muster.playbook.YamlShapes.string;
import static dev.muster.playbook.YamlShapes.varsOf;

import dev.muster.error.MusterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a playbook file into plays: {@code import_playbook} replaced by the plays it names, each play's
 * hosts, vars and vars files, its play-level keywords, and its task lists (pre_tasks, roles then tasks,
 * post_tasks, handlers) read by the {@link TaskParser} and {@link RoleLoader}.
 */
final class PlayLoader {

    private static final int MAX_IMPORT_DEPTH = 20;

    private final TaskParser tasks;
    private final RoleLoader roles;

    PlayLoader(TaskParser tasks) {
        this.tasks = tasks;
        this.roles = tasks.roles();
    }

    Playbook load(Path file) {
        List<Play> loaded = new ArrayList<>();
        loadPlays(file, loaded, 0);
        return new Playbook(file, List.copyOf(loaded));
    }

    /** Plays in file order; {@code import_playbook} entries are replaced by the plays of the file they name. */
    private void loadPlays(Path file, List<Play> into, int depth) {
        YamlNode root = YamlReader.read(file);
        if (!(root instanceof YamlNode.Sequence plays)) {
            throw new MusterException(root.location(), "a playbook is a list of plays");
        }
        Path dir = baseDir(file);
        for (YamlNode item : plays.items()) {
            YamlNode.Mapping play = mapping(item, "a play");
            String importKey = play.has("import_playbook") ? "import_playbook"
                    : play.has("ansible.builtin.import_playbook") ? "ansible.builtin.import_playbook" : null;
            if (importKey == null) {
                into.add(play(play, dir));
                continue;
            }
            Keywords.check(play, Set.of(importKey, "name"), "import_playbook keyword");
            String name = string(play.get(importKey), "import_playbook");
            if (name.contains("{{") || depth > MAX_IMPORT_DEPTH) {
                throw new MusterException(play.keyLocation(importKey), "import_playbook needs a fixed file name (and no cycle): " + name);
            }
            loadPlays(dir.resolve(name), into, depth + 1);
        }
    }

    private Play play(YamlNode.Mapping node, Path dir) {
        Keywords.check(node, Keywords.PLAY, "play keyword");
        if (!node.has("hosts")) {
            throw new MusterException(node.location(), "a play needs 'hosts'");
        }
        String hosts = hostsPattern(node.get("hosts"));
        LoadState state = new LoadState(dir);
        Map<String, Object> vars = playVars(node, dir);
        // a play's vars are play vars (kept in the Play, below), not scope vars; it has no when
        Scope.Layer own = Keywords.layer(node);
        Scope scope = Scope.root(dir).within(new Scope.Layer(List.of(), own.tags(), Map.of(), own.environment(), own.settings()));
        List<Step> pre = tasks.steps(node.get("pre_tasks"), scope, state, false);
        List<Step> main = new ArrayList<>();
        if (node.has("roles")) {
            for (YamlNode ref : sequence(node.get("roles"), "roles")) {
                main.addAll(roles.reference(ref, scope, state));
            }
        }
        main.addAll(tasks.steps(node.get("tasks"), scope, state, false));
        List<Step> post = tasks.steps(node.get("post_tasks"), scope, state, false);
        List<Task> handlers = new ArrayList<>(state.handlers);
        tasks.handlers(node.get("handlers"), scope, state, handlers);
        Boolean gather = bool(node.get("gather_facts"));
        Boolean fatal = bool(node.get("any_errors_fatal"));
        Integer maxFail = node.has("max_fail_percentage") ? integer(node.get("max_fail_percentage"), "max_fail_percentage") : null;
        return new Play(optString(node.get("name")), hosts, frozen(vars), pre, List.copyOf(main), post,
                List.copyOf(handlers), gather == null || gather, serialOf(node.get("serial")), Boolean.TRUE.equals(fatal),
                maxFail, scope, node.location());
    }

    /** {@code vars}, then each of {@code vars_files} in order over them. */
    private static Map<String, Object> playVars(YamlNode.Mapping node, Path dir) {
        Map<String, Object> vars = new LinkedHashMap<>(varsOf(node.get("vars"), "vars"));
        if (node.has("vars_files")) {
            for (YamlNode item : sequence(node.get("vars_files"), "vars_files")) {
                String name = string(item, "a vars file");
                if (name.contains("{{")) {
                    throw new MusterException(item.location(), "vars_files names cannot be templates: " + name);
                }
                vars.putAll(varsOf(YamlReader.read(dir.resolve(name)), "a vars file"));
            }
        }
        return vars;
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
}
