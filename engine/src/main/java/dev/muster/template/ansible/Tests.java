package dev.muster.template.ansible;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Ansible's tests (results, regex, version, sets, files) and Jinja2's type tests with Python's meaning. */
final class Tests {
    private Tests() {
    }

    static List<AnsibleTest> all() {
        return List.of(
                result("failed", (r, n) -> Py.truthy(r.get("failed"))),
                result("failure", (r, n) -> Py.truthy(r.get("failed"))),
                result("succeeded", (r, n) -> !Py.truthy(r.get("failed"))),
                result("success", (r, n) -> !Py.truthy(r.get("failed"))),
                result("successful", (r, n) -> !Py.truthy(r.get("failed"))),
                result("unreachable", (r, n) -> Py.truthy(r.get("unreachable"))),
                result("reachable", (r, n) -> !Py.truthy(r.get("unreachable"))),
                result("changed", Tests::changed),
                result("change", Tests::changed),
                result("skipped", (r, n) -> Py.truthy(r.get("skipped"))),
                result("skip", (r, n) -> Py.truthy(r.get("skipped"))),
                result("finished", (r, n) -> !r.containsKey("finished") || Py.eq(r.get("finished"), 1L)),
                result("started", (r, n) -> !r.containsKey("started") || Py.eq(r.get("started"), 1L)),
                AnsibleTest.of("match", "pattern ignorecase multiline", (v, a) -> regex(v, a, false)),
                AnsibleTest.of("search", "pattern ignorecase multiline", (v, a) -> regex(v, a, true)),
                AnsibleTest.of("regex", "pattern ignorecase multiline match_type",
                        (v, a) -> regex(v, a, !"match".equals(a.string("match_type", "search")))),
                AnsibleTest.of("version", "version operator strict version_type", Versions::test),
                AnsibleTest.of("version_compare", "version operator strict version_type", Versions::test),
                AnsibleTest.of("truthy", "convert_bool", (v, a) -> truthy(v, a)),
                AnsibleTest.of("falsy", "convert_bool", (v, a) -> !truthy(v, a)),
                AnsibleTest.of("subset", "b", (v, a) -> allIn(v, a.required("b"), a.name())),
                AnsibleTest.of("issubset", "b", (v, a) -> allIn(v, a.required("b"), a.name())),
                AnsibleTest.of("superset", "b", (v, a) -> allIn(a.required("b"), v, a.name())),
                AnsibleTest.of("issuperset", "b", (v, a) -> allIn(a.required("b"), v, a.name())),
                AnsibleTest.of("contains", "value", (v, a) -> Py.contains(v, a.required("value"), a.name())),
                AnsibleTest.of("in", "seq", (v, a) -> Py.contains(a.required("seq"), v, a.name())),
                AnsibleTest.of("any", "", (v, a) -> Py.list(v, a.name()).stream().anyMatch(Py::truthy)),
                AnsibleTest.of("all", "", (v, a) -> Py.list(v, a.name()).stream().allMatch(Py::truthy)),
                path("file", p -> Files.isRegularFile(p)),
                path("is_file", p -> Files.isRegularFile(p)),
                path("directory", p -> Files.isDirectory(p)),
                path("is_dir", p -> Files.isDirectory(p)),
                path("link", p -> Files.isSymbolicLink(p)),
                path("is_link", p -> Files.isSymbolicLink(p)),
                path("exists", p -> Files.exists(p)),
                path("link_exists", p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)),
                AnsibleTest.of("abs", "", (v, a) -> Py.str(v).startsWith("/")),
                AnsibleTest.of("is_abs", "", (v, a) -> Py.str(v).startsWith("/")),
                AnsibleTest.of("string", "", (v, a) -> v instanceof CharSequence),
                AnsibleTest.of("number", "", (v, a) -> Py.isNumeric(v)),
                AnsibleTest.of("integer", "", (v, a) -> Py.isInt(v)),
                AnsibleTest.of("float", "", (v, a) -> Py.isFloat(v)),
                AnsibleTest.of("boolean", "", (v, a) -> v instanceof Boolean),
                AnsibleTest.of("true", "", (v, a) -> Boolean.TRUE.equals(v)),
                AnsibleTest.of("false", "", (v, a) -> Boolean.FALSE.equals(v)),
                AnsibleTest.of("mapping", "", (v, a) -> v instanceof Map),
                AnsibleTest.of("sequence", "", (v, a) -> v instanceof CharSequence || v instanceof Collection || v instanceof Map),
                AnsibleTest.of("iterable", "", (v, a) -> v instanceof CharSequence || v instanceof Iterable || v instanceof Map),
                AnsibleTest.of("lower", "", (v, a) -> Py.str(v).equals(Py.str(v).toLowerCase())),
                AnsibleTest.of("upper", "", (v, a) -> Py.str(v).equals(Py.str(v).toUpperCase())),
                AnsibleTest.of("even", "", (v, a) -> integer(v, a) % 2 == 0),
                AnsibleTest.of("odd", "", (v, a) -> integer(v, a) % 2 != 0),
                AnsibleTest.of("divisibleby", "num", (v, a) -> integer(v, a) % a.integer("num", null) == 0),
                AnsibleTest.of("eq", "other", (v, a) -> Py.eq(v, a.required("other"))),
                AnsibleTest.of("equalto", "other", (v, a) -> Py.eq(v, a.required("other"))),
                AnsibleTest.of("==", "other", (v, a) -> Py.eq(v, a.required("other"))),
                AnsibleTest.of("ne", "other", (v, a) -> !Py.eq(v, a.required("other"))),
                AnsibleTest.of("!=", "other", (v, a) -> !Py.eq(v, a.required("other"))),
                AnsibleTest.of("lt", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) < 0),
                AnsibleTest.of("lessthan", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) < 0),
                AnsibleTest.of("<", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) < 0),
                AnsibleTest.of("le", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) <= 0),
                AnsibleTest.of("<=", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) <= 0),
                AnsibleTest.of("gt", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) > 0),
                AnsibleTest.of("greaterthan", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) > 0),
                AnsibleTest.of(">", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) > 0),
                AnsibleTest.of("ge", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) >= 0),
                AnsibleTest.of(">=", "other", (v, a) -> Py.compare(v, a.required("other"), a.name()) >= 0),
                AnsibleTest.of("sameas", "other", Tests::sameas));
    }

    /**
     * Python's {@code is}: certain only for the singletons None, True and False (a bool is never the same object as an
     * int); for other values Python's answer depends on its object caching, so Muster refuses to guess.
     */
    private static boolean sameas(Object v, Args a) {
        Object other = a.required("other");
        boolean singleton = v == null || other == null || v instanceof Boolean || other instanceof Boolean;
        if (!singleton) {
            throw new FilterError(a.name(), "only None, True and False can be compared by identity (Python's 'is'); use ==");
        }
        return v == null ? other == null : v.equals(other);
    }

    private interface ResultCheck {
        boolean test(Map<Object, Object> result, String name);
    }

    private static AnsibleTest result(String name, ResultCheck check) {
        return AnsibleTest.of(name, "", (v, a) -> check.test(Py.map(v, name, "The '" + name + "' test expects a dictionary"), name));
    }

    /** A result's changed, or any of its loop results' changed when it has no changed of its own. */
    private static boolean changed(Map<Object, Object> r, String name) {
        if (r.containsKey("changed")) {
            return Py.truthy(r.get("changed"));
        }
        if (r.get("results") instanceof List<?> results && !results.isEmpty() && results.get(0) instanceof Map) {
            return results.stream().anyMatch(x -> x instanceof Map<?, ?> m && Py.truthy(m.get("changed")));
        }
        return false;
    }

    private static boolean regex(Object v, Args a, boolean search) {
        java.util.regex.Matcher m = PyRegex.compile(a.name(), Py.str(a.get("pattern", "")), a.bool("ignorecase", false),
                a.bool("multiline", false)).pattern().matcher(Py.str(v));
        return search ? m.find() : m.lookingAt();
    }

    private static boolean truthy(Object v, Args a) {
        if (a.bool("convert_bool", false)) {
            Boolean b = Versions.boolean_(v);
            if (b != null) {
                return b;
            }
        }
        return Py.truthy(v);
    }

    private static boolean allIn(Object small, Object big, String name) {
        List<Object> items = Py.list(big, name);
        for (Object x : Py.list(small, name)) {
            if (items.stream().noneMatch(y -> Py.eq(x, y))) {
                return false;
            }
        }
        return true;
    }

    private static long integer(Object v, Args a) {
        if (!Py.isNumeric(v)) {
            throw new FilterError(a.name(), "expects a number, got " + Py.typeName(v));
        }
        return Py.toIntOrNull(v, 10);
    }

    private static AnsibleTest path(String name, java.util.function.Predicate<Path> check) {
        return AnsibleTest.of(name, "", (v, a) -> check.test(Path.of(Py.str(v))));
    }
}
