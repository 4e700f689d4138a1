package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One play: which hosts, which variables, and the task lists in the order they run
 * (pre_tasks, roles then tasks, post_tasks; handlers are flushed after each).
 *
 * @param serial the batch sizes: Integers or percentages as "30%"; empty means one batch of all hosts
 */
public record Play(String name, String hosts, Map<String, Object> vars, List<Step> preTasks, List<Step> tasks,
                   List<Step> postTasks, List<Task> handlers, boolean gatherFacts, List<Object> serial,
                   boolean anyErrorsFatal, Integer maxFailPercentage, Scope scope, SourceLocation location) {

    public String displayName() {
        return name != null ? name : hosts;
    }
}
