package dev.muster.template;

import java.util.Map;

/**
 * Renders a template file's text with a task's variables, strictly (an undefined variable is an
 * error). Modules receive one in their TaskContext; it lives here, not in dev.muster.module, so
 * that templating never depends on the modules that use it.
 */
public interface Renderer {
    String render(String template, Map<String, Object> vars);
}
