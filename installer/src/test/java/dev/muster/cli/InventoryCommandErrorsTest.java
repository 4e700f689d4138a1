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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A broken inventory stops muster with exit code 4 and one line naming FILE:LINE (and column when
 * known) and what is wrong, where ansible-inventory would only warn and carry on with localhost.
 */
class InventoryCommandErrorsTest {

    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    private Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    private Outcome list(String fileName, String content) throws IOException {
        Path file = dir.resolve(fileName);
        Files.writeString(file, content);
        return run("inventory", "--list", "-i", file.toString());
    }

    private void assertParseError(Outcome outcome, String where, String what) {
        assertEquals(ExitCodes.PARSE_ERROR, outcome.code(), outcome.err());
        assertEquals("", outcome.out(), "nothing may be printed on stdout for a broken inventory");
        String line = outcome.err().strip();
        assertFalse(line.contains("\n"), "one line, no stack trace: " + line);
        assertTrue(line.startsWith("ERROR: " + dir.resolve(where.split(":")[0]) + where.substring(where.indexOf(':'))),
                "location " + where + " expected in: " + line);
        assertTrue(line.contains(what), "'" + what + "' expected in: " + line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unclosed section header     | [tower]\\nt1\\n[database\\ndb1\\n            | hosts:3  | unclosed section header: [database
            undefined child group       | [cluster:children]\\ntower\\nnope\\n[tower]\\nt1\\n | hosts:3 | includes group 'nope' which is defined nowhere
            vars of undefined group     | [t]\\nh\\n[ghost:vars]\\na=1\\n               | hosts:3  | section [ghost:vars] is for group 'ghost'
            numeric range reversed      | [n]\\nnode[10:1]\\n                           | hosts:2  | host range start 10 is after its end 1
            letter range reversed       | [n]\\nweb-[f:a]\\n                            | hosts:2  | host range start 'f' is after its end 'a'
            range with unequal padding  | [n]\\nnode[01:100]\\n                         | hosts:2  | equal-length begin and end
            range that is not a range   | [n]\\nnode[1-3]\\n                            | hosts:2  | host range must be begin:end
            unclosed quote              | [n]\\nh1 msg="hello\\n                        | hosts:2  | No closing quotation
            word that is not key=value  | [n]\\nh1 ansible_host=1.2.3.4 junk\\n         | hosts:2  | expected key=value host variable after host 'h1', got: junk
            key= with no name           | [n]\\nh1 =value\\n                            | hosts:2  | host variable with no name
            var line without =          | [n:vars]\\njust_a_word\\n[n]\\nh\\n           | hosts:2  | expected key=value in [n:vars]
            unknown section type        | [n:hostz]\\nh1\\n                             | hosts:1  | has unknown type 'hostz'
            section header with spaces  | [my group]\\nh1\\n                            | hosts:1  | invalid section header '[my group]'
            group name with a comma     | [web,db]\\nh1\\n                              | hosts:1  | invalid group name 'web,db'
            bad child group name        | [p:children]\\na*b\\n                         | hosts:2  | invalid group name 'a*b'
            cycle of children           | [a:children]\\nb\\n[b:children]\\na\\n         | hosts:4  | recursive dependency loop
            trailing colon without port | [n]\\nh1:\\n                                  | hosts:2  | trailing ':' must be followed by a port
            """)
    void iniErrors(String name, String content, String where, String what) throws IOException {
        assertParseError(list("hosts", content.replace("\\n", "\n")), where, what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            YAML that does not parse    | all:\\n  hosts:\\n    h1: [unclosed\\n       | hosts.yml:4:1 | YAML does not parse
            YAML tab indentation        | all:\\n\\thosts:\\n                          | hosts.yml:2:1 | YAML does not parse
            group that is a list        | tower:\\n  - t1\\n                            | hosts.yml:2:3 | group 'tower' must be a mapping
            unknown key in a group      | tower:\\n  host:\\n    t1:\\n                 | hosts.yml:2:3 | unexpected key 'host' in group 'tower'
            host vars that are a list   | tower:\\n  hosts:\\n    t1: [a, b]\\n         | hosts.yml:3:9 | variables of host 't1' must be a mapping
            numeric host name           | tower:\\n  hosts:\\n    42:\\n                | hosts.yml:3:5 | host pattern must be a string
            bad group name in YAML      | all:\\n  children:\\n    'a:b':\\n            | hosts.yml:3:5 | invalid group name 'a:b'
            reversed range in YAML      | t:\\n  hosts:\\n    n[9:1]:\\n                | hosts.yml:3:5 | is after its end
            top level that is a list    | - a\\n- b\\n                                   | hosts.yml:1:1 | must be a mapping of group names
            """)
    void yamlErrors(String name, String content, String where, String what) throws IOException {
        assertParseError(list("hosts.yml", content.replace("\\n", "\n").replace("\\t", "\t")), where, what);
    }

    @Test
    void missingFileIsAnError() {
        Outcome outcome = run("inventory", "--list", "-i", dir.resolve("nope.ini").toString());
        assertEquals(ExitCodes.PARSE_ERROR, outcome.code());
        assertEquals("ERROR: " + dir.resolve("nope.ini") + ": inventory source does not exist", outcome.err().strip());
    }

    @Test
    void brokenGroupVarsFileIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("group_vars"));
        Files.writeString(dir.resolve("group_vars/web.yml"), "a: 1\nb: [\n");
        Outcome outcome = list("hosts", "[web]\nw1\n");
        assertEquals(ExitCodes.PARSE_ERROR, outcome.code(), outcome.err());
        assertTrue(outcome.err().startsWith("ERROR: " + dir.resolve("group_vars/web.yml") + ":3:1: YAML does not parse"),
                outcome.err());
    }

    @Test
    void vaultEncryptedVarsFileIsRefusedClearly() throws IOException {
        Files.createDirectories(dir.resolve("host_vars"));
        Files.writeString(dir.resolve("host_vars/w1.yml"), "$ANSIBLE_VAULT;1.1;AES256\n6162\n");
        Outcome outcome = list("hosts", "[web]\nw1\n");
        assertEquals(ExitCodes.PARSE_ERROR, outcome.code(), outcome.err());
        assertTrue(outcome.err().startsWith("ERROR: " + dir.resolve("host_vars/w1.yml") + ":1: Ansible Vault"), outcome.err());
    }

    @Test
    void noActionIsABadOption() throws IOException {
        Files.writeString(dir.resolve("hosts"), "h1\n");
        Outcome outcome = run("inventory", "-i", dir.resolve("hosts").toString());
        assertEquals(ExitCodes.BAD_OPTIONS, outcome.code());
        assertTrue(outcome.err().contains("give one of --list, --host NAME or --graph"), outcome.err());
    }

    @Test
    void unknownHostIsABadOption() throws IOException {
        Files.writeString(dir.resolve("hosts"), "h1\n");
        Outcome outcome = run("inventory", "--host", "h2", "-i", dir.resolve("hosts").toString());
        assertEquals(ExitCodes.BAD_OPTIONS, outcome.code());
        assertEquals("ERROR: host 'h2' is not in the inventory", outcome.err().strip());
    }

    @Test
    void helpAndVersionWork() {
        Outcome help = run("inventory", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--list") && help.out().contains("--graph") && help.out().contains("--host"));
        Outcome version = run("inventory", "--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("muster "), version.out());
    }
}
