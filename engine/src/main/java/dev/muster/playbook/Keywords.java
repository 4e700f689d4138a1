package dev.muster.playbook;

import static dev.muster.playbook.YamlShapes.bool;
import static dev.muster.playbook.YamlShapes.conditions;
import static dev.muster.playbook.YamlShapes.optString;
import static dev.muster.playbook.YamlShapes.tagsOf;
import static dev.muster.playbook.YamlShapes.varsOf;

import dev.muster.error.MusterException;
import dev.muster.module.Suggest;
import java.util.Set;

/**
 * The keywords a play, block, task or include may carry, the check that refuses any other (with
 * "did you mean"), and the scope the keywords of a block or task hand down.
 */
final class Keywords {

    static final Set<String> PLAY = Set.of("name", "hosts", "vars", "vars_files", "roles", "tasks", "pre_tasks",
            "post_tasks", "handlers", "become", "become_user", "gather_facts", "serial", "any_errors_fatal",
            "max_fail_percentage", "tags", "environment", "ignore_errors", "no_log", "check_mode", "diff", "remote_user");
    static final Set<String> TASK = Set.of("name", "when", "loop", "with_items", "loop_control", "register", "notify",
            "changed_when", "failed_when", "ignore_errors", "tags", "become", "become_user", "delegate_to", "run_once",
            "no_log", "until", "retries", "delay", "check_mode", "environment", "vars", "listen", "args", "diff", "remote_user");
    static final Set<String> BLOCK = Set.of("name", "block", "rescue", "always", "when", "tags", "become",
            "become_user", "ignore_errors", "no_log", "check_mode", "environment", "vars", "delegate_to", "run_once", "diff",
            "remote_user");
    /** What every import and include accepts beside its own name. */
    static final Set<String> INCLUDE = Set.of("name", "when", "tags", "vars", "become", "become_user", "environment",
            "ignore_errors", "no_log", "check_mode", "delegate_to", "run_once", "remote_user");
    static final Set<String> INCLUDE_LOOP = Set.of("loop", "with_items", "loop_control");
    static final Set<String> INCLUDES = Set.of("import_tasks", "include_tasks", "import_role", "include_role");

    private Keywords() {
    }

    /** Refuses a key outside {@code allowed}, at the key, suggesting the closest allowed ones. */
    static void check(YamlNode.Mapping node, Set<String> allowed, String what) {
        for (String key : node.entries().keySet()) {
            if (!allowed.contains(key)) {
                throw new MusterException(node.keyLocation(key), "unknown " + what + " '" + key + "'" + Suggest.hint(Suggest.all(key, allowed)));
            }
        }
    }

    /** The scope a block, task or include hands down: the enclosing one with its own keywords laid over it. */
    static Scope inherit(YamlNode.Mapping node, Scope outer) {
        return outer.within(layer(node));
    }

    /** The keywords a play, block, task or include writes for itself (those it does not accept were refused before). */
    static Scope.Layer layer(YamlNode.Mapping node) {
        return new Scope.Layer(conditions(node.get("when")), tagsOf(node.get("tags")), varsOf(node.get("vars"), "vars"),
                varsOf(node.get("environment"), "environment"), settings(node));
    }

    private static Scope.Settings settings(YamlNode.Mapping node) {
        return new Scope.Settings(bool(node.get("become")), optString(node.get("become_user")), bool(node.get("ignore_errors")),
                bool(node.get("no_log")), bool(node.get("check_mode")), optString(node.get("delegate_to")), bool(node.get("run_once")),
                bool(node.get("diff")), optString(node.get("remote_user")));
    }
}
