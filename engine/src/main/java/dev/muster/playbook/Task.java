package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One task (or handler) with everything that applies to it, inherited keywords included.
 *
 * @param args         the module arguments, plain values that may hold {@code {{ }}} templates
 * @param argLocations where each argument was written
 * @param loop         the {@code loop}/{@code with_items} value (a list or a template), or null
 * @param scope        what the enclosing play/role/blocks hand down (conditions, tags, vars, role, ...)
 */
public record Task(String name, String module, Map<String, Object> args, Map<String, SourceLocation> argLocations,
                   List<Condition> when, Object loop, boolean flattenLoop, String loopVar, String loopLabel, String register,
                   List<String> notifies, List<Condition> changedWhen, List<Condition> failedWhen, Set<String> tags,
                   List<Condition> until, int retries, int delay, List<String> listen, Scope scope,
                   SourceLocation location) implements Step {

    /** The name shown to the operator: the task's own, or the module and where it is. */
    public String displayName() {
        String base = name != null ? name : module;
        return scope.role() != null ? scope.role().name() + " : " + base : base;
    }

    public boolean become() {
        return Boolean.TRUE.equals(scope.become());
    }

    public boolean ignoreErrors() {
        return Boolean.TRUE.equals(scope.ignoreErrors());
    }

    public boolean noLog() {
        return Boolean.TRUE.equals(scope.noLog());
    }

    public boolean runOnce() {
        return Boolean.TRUE.equals(scope.runOnce());
    }
}
