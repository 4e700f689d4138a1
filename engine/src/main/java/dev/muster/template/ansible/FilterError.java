package dev.muster.template.ansible;

/** A filter or test refused its input or arguments; the message names it, as Ansible's errors do. */
final class FilterError extends RuntimeException {
    FilterError(String name, String message) {
        super(name + ": " + message);
    }
}
