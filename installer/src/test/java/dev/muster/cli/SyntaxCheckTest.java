package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code muster play --syntax-check} with the real modules and templating: mistakes exit 4 with their location. */
class SyntaxCheckTest {

    @TempDir
    Path dir;

    private String err;

    private int syntaxCheck(String playbook) throws IOException {
        Files.writeString(dir.resolve("inventory.ini"), "[web]\nw1\n");
        Files.writeString(dir.resolve("site.yml"), playbook);
        StringWriter out = new StringWriter();
        StringWriter errors = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(errors), "play", dir.resolve("site.yml").toString(),
                "-i", dir.resolve("inventory.ini").toString(), "--syntax-check");
        err = errors.toString();
        return code;
    }

    @Test
    void aMalformedAssertConditionFailsThePlanWithItsLocation() throws IOException {
        int code = syntaxCheck("""
                - hosts: web
                  tasks:
                    - assert:
                        that:
                          - x == 1
                          - x ==== y
                """);
        assertEquals(ExitCodes.PARSE_ERROR, code, err);
        assertTrue(err.contains("site.yml:6:13: "), err);
        assertTrue(err.contains("x ==== y"), err);
    }

    @Test
    void aSingleConditionStringIsCheckedToo() throws IOException {
        int code = syntaxCheck("- hosts: web\n  tasks:\n    - assert: {that: \"x ==== y\"}\n");
        assertEquals(ExitCodes.PARSE_ERROR, code, err);
        assertTrue(err.contains("site.yml:3:"), err);
    }

    @Test
    void wellFormedConditionsPass() throws IOException {
        assertEquals(ExitCodes.OK, syntaxCheck("- hosts: web\n  tasks:\n    - assert: {that: [\"x is defined\", \"x == 1\"]}\n"), err);
    }
}
