package dev.muster.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.Failure;
import dev.muster.report.Outcome;
import dev.muster.error.MusterException;
import dev.muster.executor.fakes.EngineHarness;
import dev.muster.module.Modules;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {

    @TempDir
    Path dir;
    EngineHarness h;

    @BeforeEach
    void setUp() {
        h = new EngineHarness(dir);
    }

    private MusterException failure(String playbook) {
        h.write("site.yml", playbook);
        MusterException e = assertThrows(MusterException.class, () -> h.load("site.yml"));
        assertEquals(Failure.BAD_INPUT, e.failure());
        return e;
    }

    /** A play variable or role parameter set to null is None, as in Ansible ({@code is none}), not the empty string. */
    @Test
    void nullPlayVariablesAndRoleParametersStayNone() {
        h.write("roles/r/tasks/main.yml", "- debug: {msg: hi}\n");
        h.write("site.yml", """
                - hosts: all
                  vars: {a_none: null, tilde: ~, empty: , text: ''}
                  roles:
                    - {role: r, p_none: null}
                """);
        dev.muster.playbook.Play play = h.load("site.yml").plays().get(0);
        assertTrue(play.vars().containsKey("a_none") && play.vars().get("a_none") == null, play.vars().toString());
        assertTrue(play.vars().containsKey("tilde") && play.vars().get("tilde") == null, play.vars().toString());
        assertTrue(play.vars().containsKey("empty") && play.vars().get("empty") == null, play.vars().toString());
        assertEquals("", play.vars().get("text"));
        Task task = play.writtenTasks().get(0);
        assertTrue(task.scope().role().params().containsKey("p_none") && task.scope().role().params().get("p_none") == null,
                task.scope().role().params().toString());
    }

    @Test
    void unknownModuleNamesItsPlaceAndSuggests() {
        MusterException e = failure("- hosts: all\n  tasks:\n    - name: x\n      comand: ls\n");
        assertEquals(dir.resolve("site.yml") + ":4:7: unknown module 'comand', did you mean 'command'?", e.describe());
    }

    @Test
    void unknownArgumentNamesItsPlaceAndSuggests() {
        MusterException e = failure("- hosts: all\n  tasks:\n    - copy:\n        dest: /x\n        contnet: hi\n");
        assertEquals(dir.resolve("site.yml") + ":5:9: unknown argument 'contnet' for module 'copy', did you mean 'content'?", e.describe());
    }

    @Test
    void missingRequiredArgumentBadChoiceAndExclusiveArguments() {
        assertTrue(failure("- hosts: all\n  tasks:\n    - copy: {content: x}\n").getMessage().contains("needs argument 'dest'"));
        assertTrue(failure("- hosts: all\n  tasks:\n    - copy: {dest: /x, state: gone}\n").getMessage().contains("must be one of [absent, present]"));
        assertTrue(failure("- hosts: all\n  tasks:\n    - debug: {msg: a, var: b}\n").getMessage().contains("cannot be used together"));
    }

    /**
     * The loader asks the module's ArgSpec, the checker the executor binds through: with the real modules, a value
     * the spec refuses (a word that is no boolean, an alias beside its name, a choice misspelled in a free-form string)
     * fails the plan at the argument's own FILE:LINE:COLUMN; a templated value waits for run time.
     */
    @Test
    void theModulesArgSpecRefusesAWrongArgumentAtItsLocation() {
        Modules standard = Modules.standard();
        ModuleCatalog real = new ModuleCatalog() {
            public java.util.Optional<dev.muster.module.Module> find(String name) { return standard.get(name); }
            public List<String> suggest(String name) { return standard.suggest(name).stream().toList(); }
        };
        PlaybookLoader loader = new PlaybookLoader(real, List.of(), condition -> { });
        Path site = dir.resolve("site.yml");
        java.util.function.Function<String, String> refusal = text -> {
            h.write("site.yml", text);
            MusterException e = assertThrows(MusterException.class, () -> loader.load(site));
            assertEquals(Failure.BAD_INPUT, e.failure());
            return e.describe();
        };
        assertEquals(site + ":5:9: argument 'recurse' of module 'file' must be a boolean (yes/no, true/false), not 'maybe'",
                refusal.apply("- hosts: all\n  tasks:\n    - file:\n        path: /x\n        recurse: maybe\n"));
        assertEquals(site + ":3:24: argument 'path' of module 'file' is given twice (through an alias)",
                refusal.apply("- hosts: all\n  tasks:\n    - file: {path: /x, dest: /y}\n"));
        assertEquals(site + ":3:13: argument 'state' of module 'file' must be one of [absent, directory, file, hard, link, touch],"
                + " not 'directry', did you mean 'directory'?", refusal.apply("- hosts: all\n  tasks:\n    - file: path=/x state=directry\n"));
        h.write("site.yml", "- hosts: all\n  tasks:\n    - file: {path: /x, recurse: \"{{ deep }}\", state: \"{{ kind }}\"}\n");
        assertEquals(Map.of("path", "/x", "recurse", "{{ deep }}", "state", "{{ kind }}"),
                ((Task) loader.load(site).plays().get(0).tasks().get(0)).args());
    }

    @Test
    void malformedYamlAndBadConditionsAndKeywords() {
        MusterException yaml = failure("- hosts: all\n  tasks:\n    - command: [unclosed\n");
        assertTrue(yaml.describe().startsWith(dir.resolve("site.yml") + ":"), yaml.describe());
        MusterException when = failure("- hosts: all\n  tasks:\n    - command: ls\n      when: x ==\n");
        assertTrue(when.describe().startsWith(dir.resolve("site.yml") + ":4:13"), when.describe());
        MusterException keyword = failure("- hosts: all\n  taks: []\n");
        assertTrue(keyword.describe().contains(":2:3: unknown play keyword 'taks', did you mean 'tags' or 'tasks'?"), keyword.describe());
        MusterException dup = failure("- hosts: all\n  hosts: web\n");
        assertTrue(dup.getMessage().contains("duplicate key 'hosts'"), dup.getMessage());
    }

    @Test
    void freeFormAndKeyValueArguments() {
        h.write("site.yml", """
                - hosts: all
                  tasks:
                    - command: echo "a b" chdir=/tmp
                    - copy: dest=/etc/motd content='hello world' mode=0600
                """);
        Playbook book = h.load("site.yml");
        Task command = (Task) book.plays().get(0).tasks().get(0);
        assertEquals(Map.of("cmd", "echo \"a b\"", "chdir", "/tmp"), command.args());
        Task copy = (Task) book.plays().get(0).tasks().get(1);
        assertEquals(Map.of("dest", "/etc/motd", "content", "hello world", "mode", "0600"), copy.args());
    }

    @Test
    void rolesWithDependenciesRunOnceAndImportsAreStatic() {
        h.write("roles/base/tasks/main.yml", "- name: base task\n  command: echo base\n");
        h.write("roles/base/handlers/main.yml", "- name: restart base\n  command: echo restart\n");
        h.write("project-roles/app/meta/main.yml", "dependencies: [base]\n");
        h.write("project-roles/app/tasks/main.yml", "- import_tasks: extra.yml\n- include_tasks: \"{{ x }}.yml\"\n");
        h.write("project-roles/app/tasks/extra.yml", "- name: extra\n  command: echo extra\n  when: y is defined\n");
        h.write("site.yml", """
                - hosts: all
                  roles:
                    - base
                    - role: app
                      tags: [apptag]
                """);
        Play play = h.load("site.yml").plays().get(0);
        List<Step> steps = play.tasks();
        assertEquals(2, steps.size(), "base runs once although app depends on it again");
        Block app = (Block) steps.get(1);
        Task extra = (Task) ((Block) app.block().get(0)).block().get(0);
        assertEquals("app : extra", extra.displayName());
        assertEquals(List.of("apptag"), List.copyOf(extra.tags()));
        assertEquals("y is defined", extra.when().get(0).text());
        assertInstanceOf(DynamicInclude.class, app.block().get(1));
        assertEquals("restart base", play.handlers().get(0).name());
    }

    @Test
    void missingRoleAndMissingImportAreErrors() {
        assertTrue(failure("- hosts: all\n  roles: [ghost]\n").getMessage().contains("role 'ghost' not found"));
        assertTrue(failure("- hosts: all\n  tasks:\n    - import_tasks: nowhere.yml\n").getMessage().contains("'nowhere.yml' not found"));
    }

    @Test
    void importPlaybookAndQualifiedNames() {
        h.write("sub/other.yml", "- hosts: db\n  tasks:\n    - ansible.builtin.command: echo hi\n    - ansible.builtin.meta: flush_handlers\n");
        h.write("site.yml", "- hosts: web\n  tasks: []\n- import_playbook: sub/other.yml\n");
        Playbook book = h.load("site.yml");
        assertEquals(List.of("web", "db"), book.plays().stream().map(Play::hosts).toList());
        assertEquals("meta", ((Task) book.plays().get(1).tasks().get(1)).module());
        assertTrue(failure("- import_playbook: missing.yml\n").describe().contains("missing.yml: file not found"));
    }

    /** key=value strings are read once, by the loader (QuotedWords), for modules with and without a free form. */
    @Test
    void keyValueStringsBindForModulesWithoutFreeForm() {
        h.write("site.yml", "- hosts: all\n  tasks:\n    - copy: content='a b' dest=/tmp/x\n    - set_fact: one=1 two=2\n");
        List<Step> tasks = h.load("site.yml").plays().get(0).tasks();
        assertEquals(java.util.Map.of("content", "a b", "dest", "/tmp/x"), ((Task) tasks.get(0)).args());
        assertEquals(java.util.Map.of("one", "1", "two", "2"), ((Task) tasks.get(1)).args());
    }
}
