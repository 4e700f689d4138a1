package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * {@code include_tasks}/{@code include_role} whose name is a template, or that loops: the file is only
 * known on each host (and item) at run time, so it is loaded and checked then (everything else is
 * checked before). With a loop, the included tasks run once per item with the loop variable set.
 *
 * @param indexVar   loop_control's index_var, or null
 * @param loopLookup null for {@code loop:}, else the lookup of its {@code with_*} keyword ({@code items}, {@code dict}, ...)
 */
public record DynamicInclude(Kind kind, String nameTemplate, Map<String, Object> params, List<Condition> when,
                             Object loop, String loopLookup, String loopVar, String indexVar, Scope scope,
                             SourceLocation location) implements Step {
    public enum Kind { TASKS, ROLE }
}
