package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * {@code include_tasks}/{@code include_role} whose name is a template: the file is only known on
 * each host at run time, so it is loaded and checked then (everything else is checked before).
 */
public record DynamicInclude(Kind kind, String nameTemplate, Map<String, Object> params, List<Condition> when,
                             Scope scope, SourceLocation location) implements Step {
    public enum Kind { TASKS, ROLE }
}
