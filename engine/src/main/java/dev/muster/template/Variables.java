package dev.muster.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks up a variable path such as {@code ansible_default_ipv4.address} or {@code groups['tower'][0]}. */
public final class Variables {

    /** A name followed by .name, ['key'], ["key"] or [index] steps. */
    public static final Pattern PATH = Pattern.compile(
            "[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+|\\['[^']*'\\]|\\[\"[^\"]*\"\\]|\\[[0-9]+\\])*");
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z0-9_]+)|\\['([^']*)'\\]|\\[\"([^\"]*)\"\\]|\\[([0-9]+)\\]");

    private Variables() {
    }

    public static boolean isPath(String text) {
        return PATH.matcher(text).matches();
    }

    /**
     * The value at {@code path}, or empty when a step is missing (a key present with a null value is
     * found, as null: Optional cannot hold it, so {@link #defined} tells the two apart).
     */
    public static Optional<Object> lookup(Map<String, Object> vars, String path) {
        Object[] holder = new Object[1];
        return resolve(vars, path, holder) ? Optional.ofNullable(holder[0]) : Optional.empty();
    }

    public static boolean defined(Map<String, Object> vars, String path) {
        return resolve(vars, path, new Object[1]);
    }

    private static boolean resolve(Map<String, Object> vars, String path, Object[] out) {
        if (!isPath(path)) {
            throw new TemplateException("'" + path + "' is not a variable name");
        }
        int dot = 0;
        while (dot < path.length() && (Character.isLetterOrDigit(path.charAt(dot)) || path.charAt(dot) == '_')) {
            dot++;
        }
        String root = path.substring(0, dot);
        if (!vars.containsKey(root)) {
            return false;
        }
        Object current = vars.get(root);
        for (String step : steps(path.substring(dot))) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(step)) {
                    return false;
                }
                current = map.get(step);
            } else if (current instanceof List<?> list && step.matches("[0-9]+")) {
                int index = Integer.parseInt(step);
                if (index >= list.size()) {
                    return false;
                }
                current = list.get(index);
            } else {
                return false;
            }
        }
        out[0] = current;
        return true;
    }

    private static List<String> steps(String rest) {
        List<String> steps = new ArrayList<>();
        Matcher m = STEP.matcher(rest);
        while (m.find()) {
            for (int g = 1; g <= 4; g++) {
                if (m.group(g) != null) {
                    steps.add(m.group(g));
                    break;
                }
            }
        }
        return steps;
    }
}
