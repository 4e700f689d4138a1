package dev.muster.vars;

import dev.muster.template.Expressions;
import dev.muster.template.TemplateException;
import dev.muster.template.Templates;
import java.util.Map;

/** {@link Templating} over dev.muster.template: mustache/expressions for values, JEXL-backed conditions. */
public final class TemplateEngine implements Templating {

    @Override
    public String render(String text, Map<String, Object> vars) {
        return Templates.stringify(Templates.renderValue(text, vars));
    }

    @Override
    public Object renderValue(String text, Map<String, Object> vars) {
        String core = text.strip();
        if (core.length() != text.length()) {
            // "{{ x }}\n" is text, not the value of x: keep the whitespace around it, as Ansible does
            int start = text.indexOf(core);
            return text.substring(0, start) + Templates.stringify(Templates.renderValue(core, vars)) + text.substring(start + core.length());
        }
        return Templates.renderValue(text, vars);
    }

    @Override
    public boolean test(String condition, Map<String, Object> vars) {
        return Expressions.test(condition, vars);
    }

    @Override
    public void checkSyntax(String condition) {
        Expressions.check(condition).ifPresent(e -> {
            throw new IllegalArgumentException(e.getMessage());
        });
    }

    /** Renders a template file (mustache), for the template module. */
    public static String renderFile(String template, Map<String, Object> vars) {
        try {
            return Templates.render(template, vars);
        } catch (TemplateException e) {
            throw e;
        }
    }
}
