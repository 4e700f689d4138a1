package dev.muster.executor;

import java.util.Set;

/**
 * --tags and --skip-tags as Ansible reads them: {@code always} runs unless skipped by name,
 * {@code never} runs only when one of its tags is asked for, {@code all} means every task but
 * the {@code never} ones.
 */
public record TagFilter(Set<String> only, Set<String> skip) {

    public boolean runs(Set<String> taskTags) {
        if (taskTags.stream().anyMatch(skip::contains)) {
            return false;
        }
        boolean never = taskTags.contains("never");
        if (only.isEmpty() || only.contains("all")) {
            return !never || taskTags.stream().anyMatch(t -> !t.equals("never") && only.contains(t));
        }
        if (taskTags.contains("always")) {
            return true;
        }
        return taskTags.stream().anyMatch(only::contains);
    }
}
