package dev.muster.module;

/**
 * A module: a pure function from validated arguments and what is known of a host (facts, vars,
 * modes) to an {@link Action} that reaches the desired state. No I/O happens here, so every
 * module is unit-testable without SSH; the executor runs the action, ideally in one round trip.
 */
public interface Module {

    /** The name used in playbooks, e.g. {@code copy}. */
    String name();

    /** The declared arguments; the planner checks every task against it before any host is touched. */
    ArgSpec spec();

    /** The commands (or local computation) that bring the host to the state the arguments describe. */
    Action plan(Args args, TaskContext context);
}
