package dev.muster.template;

import dev.muster.template.ansible.LookupEnvironment;
import java.util.function.Supplier;

/**
 * The lookups of the task this thread is running: the executor binds the task's {@link LookupEnvironment} for the
 * time it templates that task (its arguments, conditions, loop, lazily templated variables), so {@code lookup()} in an
 * expression reads the task's files and variables. Outside a task (the plan check, a unit test) there is none, and a
 * lookup fails naming itself.
 */
public final class TaskLookups {
    private static final ThreadLocal<LookupEnvironment> CURRENT = new ThreadLocal<>();

    private TaskLookups() {
    }

    /** Runs {@code body} with {@code lookups} bound on this thread, then restores what was bound before. */
    public static <T> T with(LookupEnvironment lookups, Supplier<T> body) {
        LookupEnvironment before = CURRENT.get();
        CURRENT.set(lookups);
        try {
            return body.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The lookups bound on this thread, or null. */
    public static LookupEnvironment current() {
        return CURRENT.get();
    }
}
