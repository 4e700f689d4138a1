package dev.muster.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The splitter against ansible-core 2.14 itself: every expected value below was printed by its
 * {@code ansible.parsing.splitter.split_args} and {@code parse_kv} (plain, and with {@code check_raw=True}, as for
 * command and shell) on this machine, for the same text.
 */
class QuotedWordsTest {

    private static final Set<String> COMMAND_OPTIONS = Set.of("creates", "removes", "chdir", "executable", "warn", "stdin",
            "stdin_add_newline", "strip_empty_ends");

    private static Map<String, String> map(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Map<String, String> asAnsible(QuotedWords.KeyValues parsed) {
        Map<String, String> map = new LinkedHashMap<>(parsed.options());
        if (parsed.raw() != null) {
            map.put("_raw_params", parsed.raw());
        }
        return map;
    }

    private static void expect(String text, List<String> split, Map<String, String> kv, Map<String, String> checkRaw) {
        assertEquals(split, QuotedWords.split(text), "split_args of " + text);
        assertEquals(kv, asAnsible(QuotedWords.parse(text, key -> true)), "parse_kv of " + text);
        assertEquals(checkRaw, asAnsible(QuotedWords.parse(text, COMMAND_OPTIONS::contains)), "parse_kv(check_raw=True) of " + text);
    }

    @Test
    void splitsAsAnsibleCoreDoes() {
        expect("src=a dest={{ x | default('b') }}", List.of("src=a", "dest={{ x | default('b') }}"),
                map("src", "a", "dest", "{{ x | default('b') }}"), map("_raw_params", "src=a dest={{ x | default('b') }}"));
        expect("echo {{ a ~ ' ' ~ b }} chdir=/tmp", List.of("echo", "{{ a ~ ' ' ~ b }}", "chdir=/tmp"),
                map("chdir", "/tmp", "_raw_params", "echo {{ a ~ ' ' ~ b }}"), map("chdir", "/tmp", "_raw_params", "echo {{ a ~ ' ' ~ b }}"));
        expect("a=1 b='two words'\tc=\"it's\"", List.of("a=1", "b='two words'\tc=\"it's\""),
                map("a", "1", "b", "'two words'\tc=\"it's\""), map("_raw_params", "a=1 b='two words'\tc=\"it's\""));
        expect("d=x\\ y e='\\n'", List.of("d=x\\", "y", "e='\\n'"),
                map("d", "x\\", "e", "\n", "_raw_params", "y"), map("_raw_params", "d=x\\ y e='\\n'"));
        expect("echo 'a  b'   c chdir=/tmp creates=/x", List.of("echo", "'a  b'  ", "c", "chdir=/tmp", "creates=/x"),
                map("chdir", "/tmp", "creates", "/x", "_raw_params", "echo 'a  b'   c"), map("chdir", "/tmp", "creates", "/x", "_raw_params", "echo 'a  b'   c"));
        expect("echo \"{{ 'x y' }}\" argv=1", List.of("echo", "\"{{ 'x y' }}\"", "argv=1"),
                map("argv", "1", "_raw_params", "echo \"{{ 'x y' }}\""), map("_raw_params", "echo \"{{ 'x y' }}\" argv=1"));
        expect("dest=a\"b c\" mode=0644", List.of("dest=a\"b c\"", "mode=0644"),
                map("dest", "a\"b c\"", "mode", "0644"), map("_raw_params", "dest=a\"b c\" mode=0644"));
        expect("msg={% if x %}a b{% endif %} z={# c d #}", List.of("msg={% if x %}a", "b{% endif %}", "z={# c d #}"),
                map("msg", "{% if x %}a", "z", "{# c d #}", "_raw_params", "b{% endif %}"), map("_raw_params", "msg={% if x %}a b{% endif %} z={# c d #}"));
        expect("line1 \\\nline2 k=v", List.of("line1", "line2", "k=v"),
                map("k", "v", "_raw_params", "line1 line2"), map("_raw_params", "line1 line2 k=v"));
        expect("a=b\nc=d", List.of("a=b\n", "c=d"),
                map("a", "b", "c", "d"), map("_raw_params", "a=b\nc=d"));
        expect("content='a\\tb\\u00e9\\x41\\N{BULLET}' dest=/x", List.of("content='a\\tb\\u00e9\\x41\\N{BULLET}'", "dest=/x"),
                map("content", "a\tbéA•", "dest", "/x"), map("_raw_params", "content='a\\tb\\u00e9\\x41\\N{BULLET}' dest=/x"));
        expect("k=a\\=b x\\=y", List.of("k=a\\=b", "x\\=y"),
                map("k", "a\\=b", "_raw_params", "x=y"), map("_raw_params", "k=a\\=b x=y"));
        expect("=a=b", List.of("=a=b"),
                map("=a", "b"), map("_raw_params", "=a=b"));
        expect("echo hi removes=/a other=1", List.of("echo", "hi", "removes=/a", "other=1"),
                map("removes", "/a", "other", "1", "_raw_params", "echo hi"), map("removes", "/a", "_raw_params", "echo hi other=1"));
        expect("msg=\"he said \\\"hi\\\"\"", List.of("msg=\"he said \\\"hi\\\"\""),
                map("msg", "he said \"hi\""), map("_raw_params", "msg=\"he said \\\"hi\\\"\""));
        expect("x='{{ a }}' y=\"{{ b }} c\"", List.of("x='{{ a }}'", "y=\"{{ b }} c\""),
                map("x", "{{ a }}", "y", "{{ b }} c"), map("_raw_params", "x='{{ a }}' y=\"{{ b }} c\""));
        expect("env A=1 B='x y' printenv chdir=/tmp", List.of("env", "A=1", "B='x y'", "printenv", "chdir=/tmp"),
                map("A", "1", "B", "x y", "chdir", "/tmp", "_raw_params", "env printenv"), map("chdir", "/tmp", "_raw_params", "env A=1 B='x y' printenv"));
    }

    @Test
    void anUnclosedQuoteOrBlockIsRefusedAsAnsibleRefusesIt() {
        for (String text : List.of("a='open", "{{ a", "{% x", "path={{ '{{' }} x")) {
            QuotedWords.UnbalancedQuote e = assertThrows(QuotedWords.UnbalancedQuote.class, () -> QuotedWords.split(text));
            assertEquals("failed at splitting arguments, either an unbalanced jinja2 block or quotes: " + text, e.getMessage());
        }
        assertEquals(List.of("a", "}}"), QuotedWords.split("a }}"), "a closing brace alone opens nothing");
        assertThrows(QuotedWords.UnbalancedQuote.class, () -> QuotedWords.split("  lead"), "Ansible's IndexError");
    }
}
