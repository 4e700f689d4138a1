package dev.muster.executor.fakes;

import dev.muster.template.Templates;
import dev.muster.template.Templating;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough templating for engine tests: {@code {{ a.b }}} references (strict) and conditions
 * of the forms {@code x}, {@code not x}, {@code x is [not] defined}, {@code a == b}, {@code a != b}, {@code a in b}.
 */
public final class FakeTemplating implements Templating {

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([A-Za-z_][\\w.]*)\\s*}}");

    @Override
    public String render(String text, Map<String, Object> vars) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(Templates.lookup(m.group(1), vars))));
        }
        m.appendTail(out);
        if (out.indexOf("{{") >= 0) {
            throw new IllegalArgumentException("unsupported template: " + text);
        }
        return out.toString();
    }

    @Override
    public boolean test(String condition, Map<String, Object> vars) {
        String c = condition.trim();
        if (c.endsWith(" is defined")) {
            return defined(c.substring(0, c.length() - 11).trim(), vars);
        }
        if (c.endsWith(" is not defined")) {
            return !defined(c.substring(0, c.length() - 15).trim(), vars);
        }
        if (c.startsWith("not ")) {
            return !test(c.substring(4), vars);
        }
        for (String op : new String[] {"==", "!=", " in "}) {
            int at = c.indexOf(op);
            if (at > 0) {
                Object left = value(c.substring(0, at).trim(), vars);
                Object right = value(c.substring(at + op.length()).trim(), vars);
                return switch (op) {
                    case "==" -> String.valueOf(left).equals(String.valueOf(right));
                    case "!=" -> !String.valueOf(left).equals(String.valueOf(right));
                    default -> right instanceof Collection<?> list ? list.contains(left) : String.valueOf(right).contains(String.valueOf(left));
                };
            }
        }
        Object value = value(c, vars);
        return value instanceof Boolean b ? b : value != null && !String.valueOf(value).isEmpty() && !"false".equals(String.valueOf(value));
    }

    private static boolean defined(String path, Map<String, Object> vars) {
        try {
            Templates.lookup(path, vars);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Object value(String text, Map<String, Object> vars) {
        if (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        if (text.matches("-?\\d+") || text.equals("true") || text.equals("false")) {
            return text;
        }
        return Templates.lookup(text, vars);
    }

    @Override
    public void checkSyntax(String condition) {
        String c = condition.trim();
        if (c.isEmpty() || c.endsWith("==") || c.endsWith("!=") || c.startsWith("==") || c.chars().filter(ch -> ch == '\'').count() % 2 != 0) {
            throw new IllegalArgumentException("syntax error in condition");
        }
    }
}
