package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code muster play} refuses as a mistake in the files, {@code --syntax-check} refuses too: every construct here
 * is run both ways, with the real engine on a local-connection host, and both must exit 4 with the same FILE:LINE:COLUMN,
 * while the task before the mistake, which would write a file, never runs.
 */
class PlanRefusalsTest {

    private static final Pattern LOCATION = Pattern.compile("site\\.yml:(\\d+):(\\d+)");

    @TempDir
    Path dir;

    /** A name, the tasks after the first one (which writes touched.txt), and a fragment of the refusal. */
    static Stream<Arguments> constructs() {
        return Stream.of(
                Arguments.of("notify names no handler", "- {name: n, command: 'true', notify: nobody}\n", "no handler has that name"),
                Arguments.of("unknown filter in an argument", "- debug: {msg: \"{{ '~' | expandusr }}\"}\n", "unknown filter 'expandusr'"),
                Arguments.of("unknown lookup", "- debug: {msg: \"{{ lookup('password', '/tmp/p') }}\"}\n", "lookup plugin (password) not found"),
                Arguments.of("unclosed jinja statement", "- debug: {msg: \"{% if x %}a\"}\n", "if"),
                Arguments.of("Jinjava's own filter", "- debug: {msg: \"{{ x | cut('a') }}\"}\n", "'cut'"),
                Arguments.of("unknown filter in a loop", "- debug: {msg: a}\n  loop: \"{{ xs | frobnicate }}\"\n", "unknown filter 'frobnicate'"),
                Arguments.of("unknown filter in delegate_to", "- command: 'true'\n  delegate_to: \"{{ x | nope }}\"\n", "unknown filter 'nope'"),
                Arguments.of("unknown test in when", "- debug: {msg: a}\n  when: x is truthy_enough\n", "unknown test 'truthy_enough'"),
                Arguments.of("bad syntax in changed_when", "- command: 'true'\n  changed_when: x ==== 1\n", "x ==== 1"),
                Arguments.of("unknown filter in failed_when", "- command: 'true'\n  failed_when: x | nope\n", "unknown filter 'nope'"),
                Arguments.of("bad until", "- command: 'true'\n  register: r\n  until: r is frob\n", "unknown test 'frob'"),
                Arguments.of("bad assert condition", "- assert: {that: [\"x ==== y\"]}\n", "x ==== y"),
                Arguments.of("lineinfile backrefs with a lazy regexp", "- lineinfile: {path: \"{{ playbook_dir }}/f\", line: a, regexp: 'b.*?c', backrefs: true}\n", "lazy quantifier"),
                Arguments.of("lineinfile regexp Python reads otherwise", "- lineinfile: {path: \"{{ playbook_dir }}/f\", line: \"{{ x }}\", regexp: '^-l[[:space:]]'}\n", "set of characters"),
                Arguments.of("systemd scope user", "- systemd: {name: \"{{ x }}\", state: started, scope: user}\n", "scope"),
                Arguments.of("lineinfile backrefs line of several lines", "- lineinfile: {path: /tmp/f, regexp: '(a)', line: \"\\\\1\\nb\", backrefs: true}\n",
                        "newline in a backrefs line"),
                Arguments.of("undefined variable", "- debug: {msg: \"{{ nowhere_defined }}\"}\n", "undefined variable 'nowhere_defined'"),
                Arguments.of("unknown module", "- frobnicate: {a: 1}\n", "unknown module"),
                Arguments.of("unknown argument", "- copy: {content: a, dest: /tmp/x, colour: red}\n", "unknown argument 'colour'"),
                Arguments.of("wrong choice", "- file: {path: /tmp/x, state: sideways}\n", "must be one of"),
                Arguments.of("missing include file", "- include_tasks: nowhere.yml\n", "not found"),
                Arguments.of("unknown keyword", "- debug: {msg: a}\n  whenn: x\n", "whenn"),
                Arguments.of("templated import", "- import_tasks: \"{{ f }}.yml\"\n", "needs a fixed name"),
                Arguments.of("bad register name", "- debug: {msg: a}\n  register: 9x\n", "register needs a variable name"),
                Arguments.of("unsupported meta", "- meta: refresh_inventory\n", "unsupported meta action"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void playAndSyntaxCheckRefuseAlikeBeforeAnyHostIsTouched(String construct, String tasks, String fragment) throws IOException {
        Files.writeString(dir.resolve("inventory.ini"), "[web]\nw1 ansible_connection=local\n");
        Path touched = dir.resolve("touched.txt");
        StringBuilder playbook = new StringBuilder("- hosts: web\n  gather_facts: false\n  vars: {x: a, xs: [1]}\n  tasks:\n");
        playbook.append("    - copy: {content: \"x\\n\", dest: ").append(touched).append("}\n");
        tasks.lines().forEach(line -> playbook.append("    ").append(line).append('\n'));
        Files.writeString(dir.resolve("site.yml"), playbook.toString());

        Result play = run();
        Result check = run("--syntax-check");
        assertEquals(ExitCodes.PARSE_ERROR, play.code(), construct + ": " + play.err());
        assertEquals(ExitCodes.PARSE_ERROR, check.code(), construct + ": " + check.err());
        assertTrue(play.err().contains(fragment), construct + ": " + play.err());
        assertEquals(play.location(), check.location(), construct + ": play said " + play.err() + " but --syntax-check " + check.err());
        assertFalse(play.location().isEmpty(), construct + ": no FILE:LINE:COLUMN in " + play.err());
        assertFalse(Files.exists(touched), construct + ": the task before the mistake ran");
    }

    /**
     * A task whose arguments are templated is probed only for what the module refuses whatever the rest holds: the
     * probe's neutral values must not make it refuse a good task (bench/cluster's systemd task, name templated, was
     * refused at plan: the probe gave it a name and no state).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("templatedButGood")
    void aGoodTaskWithTemplatedArgumentsIsAccepted(String construct, String task) throws IOException {
        Files.writeString(dir.resolve("inventory.ini"), "[web]\nw1 ansible_connection=local\n");
        Files.writeString(dir.resolve("site.yml"), "- hosts: web\n  gather_facts: false\n  vars: {x: a, unit: demo.service, on: true}\n"
                + "  tasks:\n    " + task + "\n");
        Result check = run("--syntax-check");
        assertEquals(0, check.code(), construct + ": " + check.err());
    }

    static Stream<Arguments> templatedButGood() {
        return Stream.of(
                Arguments.of("systemd name templated", "- systemd: {name: \"{{ unit }}\", state: started, enabled: true, daemon_reload: true}"),
                Arguments.of("systemd state templated", "- systemd: {name: demo.service, state: \"{{ 'started' }}\"}"),
                Arguments.of("systemd enabled only, templated", "- systemd: {name: \"{{ unit }}\", enabled: \"{{ on }}\"}"),
                Arguments.of("systemd daemon_reload with a templated name", "- systemd: {name: \"{{ unit }}\", daemon_reload: true}"),
                Arguments.of("lineinfile path templated", "- lineinfile: {path: \"{{ playbook_dir }}/f\", line: a, create: true}"),
                Arguments.of("blockinfile path templated", "- blockinfile: {path: \"{{ playbook_dir }}/f\", block: a, create: true}"));
    }

    /**
     * A template file whose #jinja2: line asks for other delimiters (Jinjava's are fixed) is refused before any host,
     * whether dest is templated or not; a conditional include_tasks whose file does not load is not (Ansible loads it
     * only where it is included).
     */
    @org.junit.jupiter.api.Test
    void aTemplateHeaderTheEngineCannotHonourIsRefusedAtPlan() throws IOException {
        Files.writeString(dir.resolve("inventory.ini"), "[web]\nw1 ansible_connection=local\n");
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/go.tmpl.j2"), "#jinja2:variable_start_string:'[%', variable_end_string:'%]'\n[% x %]\n");
        Files.writeString(dir.resolve("other-os.yml"), "- yum: {name: x}\n");
        Path touched = dir.resolve("touched.txt");
        Files.writeString(dir.resolve("site.yml"), "- hosts: web\n  gather_facts: false\n  vars: {x: a}\n  tasks:\n"
                + "    - copy: {content: \"x\\n\", dest: " + touched + "}\n"
                + "    - include_tasks: other-os.yml\n      when: x == 'RedHat'\n"
                + "    - template: {src: go.tmpl.j2, dest: \"{{ playbook_dir }}/go.tmpl\"}\n");
        Result play = run();
        Result check = run("--syntax-check");
        assertEquals(ExitCodes.PARSE_ERROR, play.code(), play.err());
        assertEquals(ExitCodes.PARSE_ERROR, check.code(), check.err());
        assertTrue(play.err().contains("variable_start_string is not supported"), play.err());
        assertEquals("site.yml:8:7", play.location(), play.err());
        assertEquals(play.location(), check.location(), check.err());
        assertFalse(Files.exists(touched));
    }

    private record Result(int code, String err) {
        String location() {
            Matcher m = LOCATION.matcher(err);
            return m.find() ? m.group() : "";
        }
    }

    private Result run(String... more) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = Stream.concat(Stream.of("play", dir.resolve("site.yml").toString(), "-i", dir.resolve("inventory.ini").toString(),
                "--log-file", dir.resolve("muster.log").toString()), Stream.of(more)).toArray(String[]::new);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, err.toString());
    }
}
