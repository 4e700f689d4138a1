package dev.muster.executor;

import dev.muster.error.MusterException;
import dev.muster.inventory.Inventory;
import dev.muster.playbook.Play;
import dev.muster.playbook.Playbook;
import dev.muster.playbook.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds, before any host is touched, task arguments that refer to a variable no layer can ever
 * define: not in the inventory, play, roles, blocks, extra vars, not registered or set by any
 * set_fact, not a loop variable, fact or magic variable. Only plain references ({@code {{ name }}},
 * {@code {{ a.b }}}) are checked: an expression with filters or tests may legitimately handle an
 * undefined name (e.g. {@code default}), so it is left to run time, where it still fails clearly.
 */
final class UndefinedVariables {

    private static final Pattern EXPRESSION = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final Pattern PLAIN = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)(?:\\.[A-Za-z0-9_]+|\\[[^\\]]*])*\\s*");
    private static final Set<String> MAGIC = Set.of("inventory_hostname", "inventory_hostname_short", "groups", "group_names",
            "hostvars", "play_hosts", "ansible_play_hosts", "ansible_play_batch", "role_name", "role_path", "ansible_check_mode",
            "playbook_dir", "ansible_facts", "ansible_loop", "omit", "item", "ansible_loop_var", "ansible_index_var",
            "ansible_diff_mode", "ansible_version", "ansible_failed_result", "ansible_failed_task");
    /** Jinja's constants: never variables. */
    private static final Set<String> LITERALS = Set.of("none", "None", "true", "True", "false", "False");

    private UndefinedVariables() {
    }

    static void check(Playbook playbook, Inventory inventory, Map<String, Object> defaultVars, Map<String, Object> extraVars) {
        Set<String> global = new HashSet<>(MAGIC);
        global.addAll(defaultVars.keySet());
        global.addAll(extraVars.keySet());
        inventory.hosts().forEach(host -> global.addAll(inventory.hostVars(host).keySet()));
        List<Task> all = new ArrayList<>();
        for (Play play : playbook.plays()) {
            global.addAll(play.vars().keySet());
            all.addAll(play.writtenTasks());
        }
        for (Task task : all) {
            if (task.register() != null) {
                global.add(task.register());
            }
            if (task.module().equals("set_fact") || task.module().endsWith(".set_fact")
                    || task.module().equals("add_host") || task.module().endsWith(".add_host")) { // add_host: the new host's variables
                global.addAll(task.args().keySet());
            }
            global.add(task.loopVar());
            if (task.looping().indexVar() != null) {
                global.add(task.looping().indexVar());
            }
            if (task.scope().role() != null) {
                global.addAll(task.scope().role().defaults().keySet());
                global.addAll(task.scope().role().vars().keySet());
                global.addAll(task.scope().role().params().keySet());
            }
            global.addAll(task.scope().vars().keySet());
            if (task.module().equals("include_vars") || task.module().endsWith(".include_vars")) {
                Set<String> included = includedNames(task, playbook.file());
                if (included == null) {
                    return; // variables from files known only at run time: any name may be defined
                }
                global.addAll(included);
            }
        }
        for (Task task : all) {
            if (task.ignoreErrors()) {
                continue; // the task fails at run time, as in Ansible, and the play goes on: that is what it asks for
            }
            check(task, task.args(), global);
            if (task.loop() != null) {
                check(task, task.loop(), global);
            }
        }
    }

    /** The names an include_vars task defines, read from its file now; null when only the run can tell (a dir, a template). */
    private static Set<String> includedNames(Task task, java.nio.file.Path playbookFile) {
        Object name = task.args().get("name");
        if (name instanceof String single && !single.contains("{{")) {
            return Set.of(single);
        }
        Object file = task.args().get("file");
        if (!(file instanceof String fileName) || fileName.contains("{{") || task.args().containsKey("dir")) {
            return null;
        }
        try {
            java.nio.file.Path parent = playbookFile.toAbsolutePath().getParent();
            java.nio.file.Path found = dev.muster.playbook.TaskFiles.findVars(fileName, false, task.scope(), parent, task.location());
            dev.muster.playbook.YamlNode root = dev.muster.playbook.YamlReader.read(found);
            return root instanceof dev.muster.playbook.YamlNode.Mapping map ? map.entries().keySet() : Set.of();
        } catch (RuntimeException notYet) {
            return null; // missing or broken now: the task itself says so when it runs
        }
    }

    private static void check(Task task, Object value, Set<String> known) {
        if (value instanceof String text && !dev.muster.template.UnsafeText.is(text) && !text.contains("{%")) {
            // (text with statements sets its own names: {% for e in ... %}{{ e }})
            Matcher expression = EXPRESSION.matcher(text);
            while (expression.find()) {
                Matcher plain = PLAIN.matcher(expression.group(1));
                if (plain.matches()) {
                    String name = plain.group(1);
                    if (!known.contains(name) && !name.startsWith("ansible_") && !LITERALS.contains(name)) {
                        throw new MusterException(argLocation(task, text), "task '" + task.displayName() + "': undefined variable '"
                                + name + "' (not defined in the inventory, play, roles, extra vars, or by any register or set_fact)");
                    }
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> check(task, v, known));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> check(task, v, known));
        }
    }

    private static dev.muster.error.SourceLocation argLocation(Task task, String text) {
        for (Map.Entry<String, Object> arg : task.args().entrySet()) {
            if (contains(arg.getValue(), text) && task.argLocations().containsKey(arg.getKey())) {
                return task.argLocations().get(arg.getKey());
            }
        }
        return task.location();
    }

    private static boolean contains(Object value, String text) {
        if (value instanceof String s) {
            return s.equals(text);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(v -> contains(v, text));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> contains(v, text));
        }
        return false;
    }
}
