package dev.muster.vars;

import dev.muster.template.ExpressionCheck;
import dev.muster.template.Expressions;
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
        ExpressionCheck.condition(condition).ifPresent(e -> {
            throw new IllegalArgumentException(e.getMessage());
        });
    }

    @Override
    public void checkValue(Object value) {
        ExpressionCheck.value(value).ifPresent(e -> {
            throw new IllegalArgumentException(e.getMessage());
        });
    }

    /** Template files are mustache, rendered strictly (an undefined name is an error). */
    @Override
    public dev.muster.module.TaskContext.Renderer fileRenderer() {
        return Templates.renderer();
    }
}
