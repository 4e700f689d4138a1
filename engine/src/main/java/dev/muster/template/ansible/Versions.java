package dev.muster.template.ansible;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ansible's {@code version} test: LooseVersion by default, StrictVersion with strict=True, semver on request. */
final class Versions {
    private Versions() {
    }

    private static final Map<String, String> OPERATORS = Map.ofEntries(Map.entry("==", "eq"), Map.entry("=", "eq"), Map.entry("eq", "eq"),
            Map.entry("<", "lt"), Map.entry("lt", "lt"), Map.entry("<=", "le"), Map.entry("le", "le"), Map.entry(">", "gt"),
            Map.entry("gt", "gt"), Map.entry(">=", "ge"), Map.entry("ge", "ge"), Map.entry("!=", "ne"), Map.entry("<>", "ne"),
            Map.entry("ne", "ne"));
    private static final Pattern LOOSE_COMPONENT = Pattern.compile("(\\d+|[a-z]+|\\.)");
    private static final Pattern STRICT = Pattern.compile("^(\\d+)\\.(\\d+)(\\.(\\d+))?([ab](\\d+))?$");
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$");

    static boolean test(Object value, Args a) {
        Object version = a.required("version");
        String operator = a.string("operator", "eq");
        Object strict = a.get("strict", null);
        String type = a.string("version_type", null);
        if (strict != null && type != null) {
            throw new FilterError(a.name(), "Cannot specify both 'strict' and 'version_type'");
        }
        if (!Py.truthy(value)) {
            throw new FilterError(a.name(), "Input version value cannot be empty");
        }
        if (!Py.truthy(version)) {
            throw new FilterError(a.name(), "Version parameter to compare against cannot be empty");
        }
        String kind = Py.truthy(strict) ? "strict" : type == null ? "loose" : type;
        if (!List.of("loose", "strict", "semver", "semantic").contains(kind)) {
            throw new FilterError(a.name(), "Invalid version type (" + kind + "). Must be one of 'loose', 'strict', 'semver', 'semantic'"
                    + (kind.equals("pep440") ? " (pep440 is not supported by Muster)" : ""));
        }
        String op = OPERATORS.get(operator);
        if (op == null) {
            throw new FilterError(a.name(), "Invalid operator type (" + operator
                    + "). Must be one of '==', '=', 'eq', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '!=', '<>', 'ne'");
        }
        int cmp;
        String x = Py.str(value);
        String y = Py.str(version);
        try {
            cmp = switch (kind) {
                case "strict" -> Py.compare(strict(x), strict(y), a.name());
                case "semver", "semantic" -> semver(x, y);
                default -> Py.compare(loose(x), loose(y), a.name());
            };
        } catch (FilterError | IllegalArgumentException e) {
            String message = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
            throw new FilterError(a.name(), "Version comparison failed: " + message);
        }
        return switch (op) {
            case "eq" -> cmp == 0;
            case "ne" -> cmp != 0;
            case "lt" -> cmp < 0;
            case "le" -> cmp <= 0;
            case "gt" -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    /** distutils' LooseVersion: numbers and lower-case words (and whatever lies between them) compared as a list. */
    static List<Object> loose(String v) {
        List<Object> parts = new ArrayList<>();
        Matcher m = LOOSE_COMPONENT.matcher(v);
        int at = 0;
        while (m.find()) {
            addLoose(parts, v.substring(at, m.start()));
            addLoose(parts, m.group());
            at = m.end();
        }
        addLoose(parts, v.substring(at));
        return parts;
    }

    private static void addLoose(List<Object> parts, String part) {
        if (part.isEmpty() || part.equals(".")) {
            return;
        }
        Long n = part.chars().allMatch(Character::isDigit) ? Py.toIntOrNull(part, 10) : null;
        parts.add(n != null ? n : part);
    }

    /** StrictVersion: (major, minor, patch) then a pre-release (a1, b2) sorts before the release. */
    private static List<Object> strict(String v) {
        Matcher m = STRICT.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("x: invalid version number '" + v + "'");
        }
        List<Object> key = new ArrayList<>(List.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                m.group(4) == null ? 0L : Long.parseLong(m.group(4))));
        key.add(m.group(5) == null ? List.of("~") : List.of(m.group(5).substring(0, 1), Long.parseLong(m.group(6))));
        return key;
    }

    /** Semantic Versioning 2.0.0 precedence; build metadata is ignored. */
    private static int semver(String x, String y) {
        Matcher a = SEMVER.matcher(x);
        Matcher b = SEMVER.matcher(y);
        if (!a.matches()) {
            throw new IllegalArgumentException("x: invalid semantic version '" + x + "'");
        }
        if (!b.matches()) {
            throw new IllegalArgumentException("x: invalid semantic version '" + y + "'");
        }
        for (int i = 1; i <= 3; i++) {
            int c = new java.math.BigInteger(a.group(i)).compareTo(new java.math.BigInteger(b.group(i)));
            if (c != 0) {
                return c;
            }
        }
        String p = a.group(4);
        String q = b.group(4);
        if (p == null || q == null) {
            return p == null ? (q == null ? 0 : 1) : -1;
        }
        String[] ps = p.split("\\.");
        String[] qs = q.split("\\.");
        for (int i = 0; i < Math.min(ps.length, qs.length); i++) {
            boolean pn = ps[i].matches("\\d+");
            boolean qn = qs[i].matches("\\d+");
            int c = pn && qn ? new java.math.BigInteger(ps[i]).compareTo(new java.math.BigInteger(qs[i]))
                    : pn ? -1 : qn ? 1 : ps[i].compareTo(qs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ps.length, qs.length);
    }

    /** Ansible's boolean() (convert_bool): the YAML-ish true/false words, else null (Python raises TypeError). */
    static Boolean boolean_(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v instanceof CharSequence c ? c.toString().strip().toLowerCase() : v instanceof Number ? Py.str(v) : null;
        if (s == null) {
            return null;
        }
        if (List.of("y", "yes", "on", "1", "true", "t", "1.0").contains(s)) {
            return true;
        }
        if (List.of("n", "no", "off", "0", "false", "f", "0.0").contains(s)) {
            return false;
        }
        return null;
    }
}
