package dev.muster.template.ansible;

import com.hubspot.jinjava.interpret.Context;

/**
 * Ansible's filters and tests on the Jinja engine (issue 15): the one place that registers them, so the
 * plan-time check and the renderer ask the same registry. Filled by the filters work; empty until then.
 */
public final class AnsibleLibrary {
    private AnsibleLibrary() {
    }

    /** Registers every Ansible filter and test Muster supports on this (Jinjava's global) context. */
    public static void registerOn(Context context) {
    }
}
