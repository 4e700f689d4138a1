package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * {@code include_tasks}/{@code include_role} whose name is a template, or that loops: the file is only
 * known on each host (and item) at run time, so it is loaded and checked then (everything else is
 * checked before). With a loop, the included tasks run once per item with the loop variable set.
 */
public record DynamicInclude(Kind kind, String nameTemplate, Map<String, Object> params, List<Condition> when,
                             Object loop, boolean flattenLoop, String loopVar, Scope scope, SourceLocation location) implements Step {
    public enum Kind { TASKS, ROLE }
}
