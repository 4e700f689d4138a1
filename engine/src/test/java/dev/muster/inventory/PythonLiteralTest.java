package dev.muster.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Values as Python 3.11's ast.literal_eval reads them (each expectation checked against python3). */
class PythonLiteralTest {

    @Test
    void integersInEveryBaseAndWithUnderscores() {
        assertEquals(42L, PythonLiteral.valueOf("42"));
        assertEquals(-7L, PythonLiteral.valueOf("-7"));
        assertEquals(3L, PythonLiteral.valueOf("+3"));
        assertEquals(1000L, PythonLiteral.valueOf("1_000"));
        assertEquals(31L, PythonLiteral.valueOf("0x_1f"));
        assertEquals(15L, PythonLiteral.valueOf("0o17"));
        assertEquals(5L, PythonLiteral.valueOf("0b101"));
        assertEquals(0L, PythonLiteral.valueOf("-0"));
        assertEquals(new BigInteger("12345678901234567890123"), PythonLiteral.valueOf("12345678901234567890123"));
    }

    @Test
    void floats() {
        assertEquals(1.5, PythonLiteral.valueOf("1.5"));
        assertEquals(0.5, PythonLiteral.valueOf("00.5"));
        assertEquals(0.5, PythonLiteral.valueOf(".5"));
        assertEquals(5.0, PythonLiteral.valueOf("5."));
        assertEquals(100000.0, PythonLiteral.valueOf("1E+5"));
        assertEquals(Double.POSITIVE_INFINITY, PythonLiteral.valueOf("1e400"));
        assertEquals(-0.0, PythonLiteral.valueOf("-0.0"));
    }

    /** What Python refuses (a syntax error or not a literal) stays the exact text. */
    @ParameterizedTest
    @ValueSource(strings = {"01", "007", "--5", "+True", "-(-5)", "1+1", "abc", "true", "yes", "null", "inf",
        "1.2.3", "1j", "{k:1}", "[1, 2", "'unclosed", "f'x'", "a.b", "1 if 1 else 2", "'a' b'b'", "{**a}",
        "[*a]", "x=1", "{[1]: 2}", "\"\\x4\"", "10.0.0.1", "http://x:80/", "'a'.upper()"})
    void nonLiteralsStayText(String text) {
        assertEquals(text, PythonLiteral.valueOf(text));
    }

    @Test
    void constantsAndComments() {
        assertEquals(true, PythonLiteral.valueOf("True"));
        assertEquals(false, PythonLiteral.valueOf("False"));
        assertEquals(null, PythonLiteral.valueOf("None"));
        assertEquals(1L, PythonLiteral.valueOf("1 # a comment"));
        assertEquals(1L, PythonLiteral.valueOf("  \t1"));
        assertEquals("  x", PythonLiteral.valueOf("  x"), "a failed parse keeps the text as given");
    }

    @Test
    void stringsWithPrefixesEscapesAndConcatenation() {
        assertEquals("ab", PythonLiteral.valueOf("'a' \"b\""));
        assertEquals("uni", PythonLiteral.valueOf("u'uni'"));
        assertEquals("\\n", PythonLiteral.valueOf("r'\\n'"));
        assertEquals("bytes", PythonLiteral.valueOf("b'bytes'"));
        assertEquals("A\t\u2022\u00e9\u0007", PythonLiteral.valueOf("'\\x41\\t\\N{BULLET}\\u00e9\\a'"));
        assertEquals("\\d", PythonLiteral.valueOf("'\\d'"), "unknown escapes keep their backslash");
        assertEquals("A", PythonLiteral.valueOf("'\\101'"));
        assertEquals("it's", PythonLiteral.valueOf("\"it's\""));
        assertEquals("tri\"ple", PythonLiteral.valueOf("'''tri\"ple'''"));
    }

    @Test
    void containers() {
        assertEquals(List.of(1L, "two", 3.0), PythonLiteral.valueOf("[1, 'two', 3.0,]"));
        Object tuple = PythonLiteral.valueOf("1, 2, 3");
        assertInstanceOf(PythonLiteral.Tuple.class, tuple);
        assertEquals(List.of(1L, 2L, 3L), tuple);
        assertEquals(List.of(1L), PythonLiteral.valueOf("(1,)"));
        assertEquals(1L, PythonLiteral.valueOf("(1)"));
        assertEquals(List.of(), PythonLiteral.valueOf("()"));
        assertInstanceOf(PythonLiteral.PySet.class, PythonLiteral.valueOf("set()"));
        assertEquals(List.of(1L, 2L), PythonLiteral.valueOf("{1, 2, 1}"));
        Map<Object, Object> dict = new LinkedHashMap<>();
        dict.put("a", Arrays.asList(1L, List.of(2L, 3L)));
        dict.put(1L, null);
        assertEquals(dict, PythonLiteral.valueOf("{'a': [1, (2, 3)], 1: None}"));
        assertEquals(Map.of(), PythonLiteral.valueOf("{}"));
    }
}
