package dev.muster.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Words as Python's shlex.split(line, comments=True) gives them (each checked against python3). */
class PosixShlexTest {

    private static List<String> split(String line) throws PosixShlex.SyntaxError {
        return PosixShlex.split(line);
    }

    @Test
    void quotesJoinAndDisappear() throws Exception {
        assertEquals(List.of("h", "msg=hello world", "x=it is"), split("h msg=\"hello world\" x='it is'"));
        assertEquals(List.of("a=premid dlepost"), split("a=pre\"mid dle\"post"));
        assertEquals(List.of("x", ""), split("x \"\""));
    }

    @Test
    void backslashes() throws Exception {
        assertEquals(List.of("dq=say \"hi\""), split("dq=\"say \\\"hi\\\"\""));
        assertEquals(List.of("keep=a\\nb"), split("keep=\"a\\nb\""), "inside double quotes only \\\" and \\\\ escape");
        assertEquals(List.of("sq=a\\nb"), split("sq='a\\nb'"), "single quotes are literal");
        assertEquals(List.of("p=/a/b c"), split("p=/a/b\\ c"));
    }

    @Test
    void hashStartsACommentEvenInsideAWord() throws Exception {
        assertEquals(List.of("a"), split("a#b c"));
        assertEquals(List.of("a", "x#y", "z"), split("a \"x#y\" z"));
        assertEquals(List.of("h", "semi=a;b"), split("h semi=a;b"));
    }

    @Test
    void errorsCarryPythonsMessages() {
        assertEquals("No closing quotation", assertThrows(PosixShlex.SyntaxError.class, () -> split("a \"b")).getMessage());
        assertEquals("No closing quotation", assertThrows(PosixShlex.SyntaxError.class, () -> split("a 'b")).getMessage());
        assertEquals("No escaped character", assertThrows(PosixShlex.SyntaxError.class, () -> split("a b\\")).getMessage());
        assertEquals("No escaped character", assertThrows(PosixShlex.SyntaxError.class, () -> split("a \"b\\")).getMessage());
    }
}
