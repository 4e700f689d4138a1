package dev.muster.template;

import com.hubspot.jinjava.util.HasObjectTruthValue;

/**
 * A name no scope defines, or an attribute or index a value does not have, as a template or expression sees it:
 * Jinja2's StrictUndefined, which Ansible uses. Only {@code is defined}, {@code is undefined}, {@code default} and
 * attribute access (which stays undefined, as Ansible's undefined chains) may look at it; printing it, joining it to
 * text, passing it to a filter, testing its truth or comparing it fails naming the variable. Without it Jinjava reads an
 * unknown name as null, so {@code {{ u ~ 'x' }}} rendered "x" and {@code {{ u | upper }}} "NONE" where
 * ansible-playbook fails the task.
 */
final class UndefinedValue implements HasObjectTruthValue {
    private final String name;
    private final String message;

    UndefinedValue(String name) {
        this(name, "undefined variable '" + name + "'");
    }

    UndefinedValue(String name, String message) {
        this.name = name;
        this.message = message;
    }

    String name() {
        return name;
    }

    TemplateException error() {
        return new TemplateException(message);
    }

    @Override
    public boolean getObjectTruthValue() {
        throw error();
    }

    @Override
    public String toString() {
        throw error();
    }

    @Override
    public boolean equals(Object other) {
        throw error();
    }

    @Override
    public int hashCode() {
        throw error();
    }
}
