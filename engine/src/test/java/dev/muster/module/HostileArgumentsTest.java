package dev.muster.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.MusterException;
import dev.muster.shell.Shell;
import dev.muster.template.TemplatedValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds hostile values through every argument of every module and RUNS the generated scripts with
 * the real /bin/sh in a sandbox. Each payload, if the shell ever interpreted it, would create a
 * marker file in /tmp or delete a canary beside the sandbox; the test proves neither happened and
 * that nothing appeared beside the sandbox. A module may also refuse a value (ArgumentException):
 * refusing before any host is touched is safe too.
 */
class HostileArgumentsTest {

    private static final String MARK = "/tmp/muster-pwned-" + UUID.randomUUID() + "-";

    @TempDir
    Path outer;

    private Path sandbox;
    private Path canary;
    private int runs;
    private int refused;

    private static List<String> hostile(Path canary) {
        return List.of(
                "$(touch " + MARK + "1)",
                "`touch " + MARK + "2`",
                "'; touch " + MARK + "3 #",
                "\"; touch " + MARK + "4; \"",
                "a\ntouch " + MARK + "5\n",
                "\\\"$(touch " + MARK + "6)\\",
                "é☃ $(touch " + MARK + "7)",
                "-rf",
                "--help",
                "-x $(touch " + MARK + "8)",
                "x'\"`$(touch " + MARK + "9)`\"'",
                "%s%n%d %x $(touch " + MARK + "10)",
                "${IFS}touch${IFS}" + MARK + "11",
                "*",
                "| touch " + MARK + "12",
                "&& touch " + MARK + "13",
                "> " + MARK + "14",
                "'; rm -rf " + canary + " #",
                "$(rm -rf " + canary + ")",
                "\r\n\u0000-nul");
    }

    @Test
    void noModuleLetsAHostileValueReachTheShell() throws Exception {
        sandbox = Files.createDirectories(outer.resolve("sandbox"));
        canary = Files.writeString(outer.resolve("canary"), "alive");
        Path resources = Files.createDirectories(sandbox.resolve("res"));
        Files.createDirectories(resources.resolve("files"));
        Files.createDirectories(resources.resolve("templates"));
        LocalSh sh = new LocalSh(sandbox);
        for (String raw : hostile(canary)) {
            // NUL cannot be in a Unix path or argument; it is still tried in content.
            String v = raw;
            Files.writeString(resources.resolve("files/src"), v);
            Files.writeString(resources.resolve("templates/t.mustache"), "x={{ v }} " + v.replace("{{", "") + "\n");
            Map<String, Object> vars = Map.of("v", v);
            for (boolean check : List.of(false, true)) {
                TaskContext context = Contexts.of(check, true, vars, resources);
                for (Map.Entry<String, List<Map<String, Object>>> module : cases(v).entrySet()) {
                    boolean systemModule = Set.of("apt", "service", "user", "group").contains(module.getKey());
                    if (systemModule && !check) {
                        continue;  // these would alter this machine: check mode only, but their scripts still run
                    }
                    for (Map<String, Object> args : module.getValue()) {
                        runOne(sh, module.getKey(), args, context);
                    }
                }
            }
            assertTemplatesKeepItInert(v, vars);
            assertUntouched(raw);
        }
        assertTrue(runs > 500, "scripts run: " + runs);
        System.out.println("hostile values: " + hostile(canary).size() + ", scripts run: " + runs + ", refused before running: " + refused);
    }

    private void runOne(LocalSh sh, String module, Map<String, Object> args, TaskContext context) {
        Module m = Modules.standard().get(module).orElseThrow();
        Action action;
        try {
            action = m.plan(m.spec().bind(Contexts.freeForm(m, args)), context);
        } catch (MusterException e) {
            refused++;
            return;
        }
        runs++;
        try {
            sh.run(action);
        } catch (MusterException e) {
            // a local module (assert) refusing a condition it cannot parse is fine
        }
    }

    private void assertTemplatesKeepItInert(String v, Map<String, Object> vars) {
        assertEquals(v, TemplatedValues.renderValue("{{ v }}", vars));
        assertEquals("<" + v + ">", TemplatedValues.renderValue("<{{ v }}>", vars));
    }

    private void assertUntouched(String value) throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            List<Path> markers = tmp.filter(p -> p.toString().startsWith(MARK)).toList();
            assertEquals(List.of(), markers, "a payload ran, value: " + show(value));
        }
        assertTrue(Files.exists(canary), "the canary beside the sandbox was deleted, value: " + show(value));
        try (Stream<Path> beside = Files.list(outer)) {
            assertEquals(Set.of("sandbox", "canary"), beside.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "something was created beside the sandbox, value: " + show(value));
        }
    }

    private static String show(String value) {
        return value.replace("\0", "\\0").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Argument sets per module, each with the hostile value in a different place. */
    private Map<String, List<Map<String, Object>>> cases(String v) {
        String in = sandbox + "/f" + v;
        String sub = sandbox + "/" + v;
        Map<String, List<Map<String, Object>>> c = new LinkedHashMap<>();
        c.put("command", List.of(
                args("argv", List.of("printf", "%s", v)),
                args("argv", List.of(v)),
                args("cmd", "printf %s " + v),
                args("cmd", "true", "chdir", sub),
                args("cmd", "true", "creates", sub),
                args("cmd", "true", "removes", sub),
                args("cmd", "cat", "stdin", v)));
        c.put("shell", List.of(
                args("cmd", "printf '%s' " + (v.indexOf('\0') >= 0 ? "nul" : Shell.quote(v))),
                args("cmd", "true", "chdir", sub, "creates", in),
                args("cmd", "true", "removes", sub),
                args("cmd", "true", "executable", v)));
        c.put("copy", List.of(
                args("content", v, "dest", in),
                args("content", v, "dest", v),
                args("src", "src", "dest", sandbox + "/"),
                args("content", "x", "dest", in, "owner", v),
                args("content", "x", "dest", in, "group", v),
                args("content", "x", "dest", in, "mode", v),
                args("content", v, "dest", in, "backup", true),
                args("content", "x", "dest", in, "validate", "test -f %s " + v),
                args("content", "x", "dest", in, "validate", v + " %s")));
        c.put("template", List.of(
                args("src", "t.mustache", "dest", in),
                args("src", "t.mustache", "dest", in, "owner", v)));
        c.put("file", List.of(
                args("path", in, "state", "touch"),
                args("path", v, "state", "directory"),
                args("path", in, "state", "link", "src", v),
                args("path", in + "h", "state", "hard", "src", in),
                args("path", in, "state", "file", "owner", v, "group", v),
                args("path", sub, "state", "directory", "recurse", true, "owner", v),
                args("path", in, "state", "absent"),
                args("path", v, "state", "absent")));
        c.put("stat", List.of(args("path", in), args("path", v, "follow", true)));
        c.put("lineinfile", List.of(
                args("path", in, "line", v, "create", true),
                args("path", in, "regexp", v, "line", "x", "create", true),
                args("path", in, "line", "y", "insertafter", v, "create", true),
                args("path", in, "line", "z", "insertbefore", v, "create", true),
                args("path", in, "search_string", v, "state", "absent"),
                args("path", in, "line", "w", "create", true, "backup", true)));
        c.put("blockinfile", List.of(
                args("path", in, "block", v, "create", true),
                args("path", in, "block", "b", "marker", "# {mark} " + v, "create", true),
                args("path", in, "block", "c", "insertafter", v, "create", true),
                args("path", in, "state", "absent")));
        c.put("apt", List.of(
                args("name", List.of(v)),
                args("repo", "deb " + v, "repo_filename", "muster-hostile-test"),
                args("repo", "deb x", "repo_filename", v),
                args("deb", sub)));
        c.put("service", List.of(args("name", v, "state", "started"), args("name", "muster-nosuch", "state", "started", "enabled", true)));
        c.put("user", List.of(
                args("name", v),
                args("name", "musternosuchuser", "home", v, "shell", v, "comment", v),
                args("name", "musternosuchuser", "groups", List.of(v)),
                args("name", "musternosuchuser", "group", v),
                args("name", "root", "comment", v, "shell", v, "home", v)));
        c.put("group", List.of(args("name", v), args("name", "musternosuchgroup", "gid", 4242)));
        c.put("wait_for", List.of(
                args("path", sub, "timeout", 0),
                args("path", in, "search_regex", v, "timeout", 0),
                args("port", 1, "host", v, "timeout", 0, "connect_timeout", 1),
                args("path", in, "state", "absent", "msg", v, "timeout", 0)));
        c.put("uri", List.of(
                args("url", "http://127.0.0.1:1/" + v, "timeout", 2),
                args("url", "http://127.0.0.1:1/", "headers", Map.of("X-A", v), "timeout", 2),
                args("url", "http://127.0.0.1:1/", "method", "POST", "body", v, "url_username", v, "url_password", v, "timeout", 2)));
        c.put("debug", List.of(args("msg", v), args("var", v)));
        c.put("set_fact", List.of(args("x", v), args(v, "x")));
        c.put("fail", List.of(args("msg", v)));
        c.put("assert", List.of(args("that", List.of(v)), args("that", List.of("v == v"), "fail_msg", v)));
        return c;
    }

    private static Map<String, Object> args(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(String.valueOf(pairs[i]), pairs[i + 1]);
        }
        return map;
    }
}
