package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.ArrayList;
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

    /**
     * Every task written in the play, in order: pre_tasks, tasks and post_tasks (blocks with their
     * rescue and always included), then the handlers. What a dynamic include brings is known only at
     * run time, so it is not here: the checks made before a run look at this list.
     */
    public List<Task> writtenTasks() {
        List<Task> found = new ArrayList<>();
        for (List<Step> section : List.of(preTasks, tasks, postTasks)) {
            section.forEach(step -> collectTasks(step, found));
        }
        found.addAll(handlers);
        return found;
    }

    private static void collectTasks(Step step, List<Task> into) {
        if (step instanceof Task task) {
            into.add(task);
        } else if (step instanceof Block block) {
            for (List<Step> part : List.of(block.block(), block.rescue(), block.always())) {
                part.forEach(inner -> collectTasks(inner, into));
            }
        }
    }
}
