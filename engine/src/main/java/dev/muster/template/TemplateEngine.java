package dev.muster.template;

import java.util.Map;

/** {@link Templating} over the one Jinja engine: {@link TemplatedValues} for values, {@link Expressions} for conditions, {@link ExpressionCheck} at plan time. */
public final class TemplateEngine implements Templating {

    @Override
    public String render(String text, Map<String, Object> vars) {
        return TemplatedValues.stringify(TemplatedValues.renderValue(text, vars));
    }

    @Override
    public Object renderValue(String text, Map<String, Object> vars) {
        String core = text.strip();
        if (core.length() != text.length() && !core.contains("{%")) {
            // "{{ x }}\n" is text, not the value of x: keep the whitespace around it, as Ansible does. A text with
            // statements is rendered whole: its last newline is Jinja2's and Ansible's to handle (trim_blocks after
            // {% endfor %}, then the trailing newlines put back), and stripping it first added one more line
            int start = text.indexOf(core);
            return text.substring(0, start) + TemplatedValues.stringify(TemplatedValues.renderValue(core, vars)) + text.substring(start + core.length());
        }
        return TemplatedValues.renderValue(text, vars);
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
}
