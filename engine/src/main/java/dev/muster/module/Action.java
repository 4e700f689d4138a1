package dev.muster.module;

/**
 * What a module asks the executor to do for one task on one host.
 * A {@link RemoteAction} is one script run on the target; a {@link LocalAction} runs in the
 * controller (debug, set_fact, assert, fail) and costs no round trip.
 */
public sealed interface Action permits RemoteAction, LocalAction {
}
