package dev.muster.template;

import java.util.Map;

/**
 * Renders a template file's text with a task's variables, strictly (an undefined variable is an
 * error). Modules receive one in their TaskContext; it lives here, not in dev.muster.module, so
 * that templating never depends on the modules that use it.
 */
public interface Renderer {
    /**
     * @param name     the template's file name: {@code .mustache} asks for mustache, anything else is Jinja
     * @param template the file's text
     * @param options  the template module's Jinja options (the file's {@code #jinja2:} line may override them)
     */
    String render(String name, String template, Map<String, Object> vars, TemplateFiles.Options options);

    /** Renders with Ansible's default options. */
    default String render(String name, String template, Map<String, Object> vars) {
        return render(name, template, vars, TemplateFiles.Options.ANSIBLE);
    }
}
