package dev.muster.module.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.module.ArgumentException;
import dev.muster.module.builtin.PythonRegex.Dialect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonRegexTest {

    @TempDir
    Path dir;

    private static String awk(String python) {
        return PythonRegex.translate(python, Dialect.AWK, "regexp").ere();
    }

    private static String gnu(String python) {
        return PythonRegex.translate(python, Dialect.GNU, "regexp").ere();
    }

    @Test
    void classesEscapesAndSetsBecomePosix() {
        assertEquals("^[0-9]+[[:space:]]*[[:alnum:]_]\\n?$", awk("^\\d+\\s*\\w$"), "matched with the line's newline, as Ansible");
        assertEquals("^a[^\\n]*b", awk("^a.*b"));
        assertEquals("^[0-9]+[[:space:]]*[[:alnum:]_]$", gnu("^\\d+\\s*\\w$"));
        assertEquals("a\\.b-c", awk("a\\.b\\-c"));
        assertEquals("[]a-z_-]", awk("[a-z\\]_\\-]"));
        assertEquals("[^0-9[:space:]]", awk("[^\\d\\s]"));
        assertEquals("x[{]y[}]", awk("x{y}"), "a { that is no quantifier is a literal, as in Python");
        assertEquals("(ab)", awk("(?:ab)"));
        assertEquals("(k)=(v)", awk("(?P<key>k)=(?P<val>v)"));
    }

    @Test
    void intervalsAreCopiesForMawkAndKeptForGnu() {
        assertEquals("aaa?a?", awk("a{2,4}"));
        assertEquals("(ab)(ab)(ab)*", awk("(ab){2,}"));
        assertEquals("a{2,4}", gnu("a{2,4}"));
        assertEquals("a{0,3}", gnu("a{,3}"));
        assertEquals("a{3}", gnu("a{3}"));
    }

    @Test
    void whatEreCannotSayTheSameWayIsRefusedNamingIt() {
        for (String refused : List.of("a.*?b", "(?=x)", "(?<!x)y", "\\bword", "(?i)abc", "[[:space:]]", "a\\nb", "\\q", "a**", "end\\Z",
                "(a)\\1")) {
            ArgumentException e = assertThrows(ArgumentException.class, () -> awk(refused), refused);
            assertTrue(e.getMessage().startsWith("regexp '" + refused + "': "), e.getMessage());
        }
        assertEquals("(a)\\1", gnu("(a)\\1"), "GNU grep and sed have back-references");
        assertEquals("(a)(b)\\2", gnu("(?:a)(b)\\1"), "renumbered past the non-capturing group");
    }

    /** The same lines match in Java's regex (Python's semantics here) and in mawk/grep over the translation. */
    @Test
    void theTranslationMatchesTheSameLinesOnTheTools() throws Exception {
        List<String> lines = List.of("Port 22", "Port", "port=8080", "  # comment", "key = value", "a{b}", "x]y", "tab\there", "aaaa", "ab",
                "PermitRootLogin yes", "word_1 word-2", "");
        Path f = dir.resolve("lines");
        Files.write(f, lines, StandardCharsets.UTF_8);
        for (String re : List.of("^Port\\s+\\d+$", "^#?\\s*Permit", "=\\d{2,4}$", "^\\s*#", "a\\{b\\}", "[\\]]", "\\t", "^a{3,}$",
                "^(?:a|ab)$", "\\w+-\\d", "[^a-z ]", "^$", "", "^Port\\s", "^Port[^0-9]", "^Port.$", "x]y$|^ab$")) {
            // Java's find has Python's semantics here ($ before a final newline, . not matching it); Ansible searches each
            // line with its newline, and so does the awk program; grep (backrefs) sees the line alone
            List<String> expected = lines.stream().filter(l -> Pattern.compile(re).matcher(l + "\n").find()).toList();
            assertEquals(expected, tool(List.of("mawk", "($0 \"\\n\") ~ ENVIRON[\"RE\"]", f.toString()), awk(re)), "mawk " + re);
            List<String> alone = lines.stream().filter(l -> Pattern.compile(re).matcher(l).find()).toList();
            assertEquals(alone, tool(List.of("grep", "-a", "-E", "-e", gnu(re), f.toString()), null), "grep " + re);
        }
    }

    private static List<String> tool(List<String> command, String re) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        if (re != null) {
            pb.environment().put("RE", re);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    @Test
    void backrefsTemplatesBecomeSedReplacements() {
        PythonRegex r = PythonRegex.translate("^(?:#\\s*)?(?P<k>\\w+)=(\\d+)$", Dialect.GNU, "regexp");
        assertEquals("\\2=\\3 \\& \\\\x", r.sedReplacement("\\g<k>=\\2 & \\\\x", '\u0001'));
        assertEquals("&", r.sedReplacement("\\g<0>", '\u0001'));
        assertThrows(ArgumentException.class, () -> r.sedReplacement("\\3", '\u0001'));
        assertThrows(ArgumentException.class, () -> r.sedReplacement("a\\nb", '\u0001'));
    }
}
