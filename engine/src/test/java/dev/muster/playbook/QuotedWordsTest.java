package dev.muster.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class QuotedWordsTest {

    private static List<String> texts(String text) {
        return QuotedWords.split(text).stream().map(QuotedWords.Word::text).toList();
    }

    @Test
    void quotesGroupAndAreRemovedBackslashTakesTheNextCharacter() {
        assertEquals(List.of("a=1", "b=two words", "c=it's"), texts("  a=1 b='two words'\tc=\"it's\" "));
        assertEquals(List.of("d=x y", "e=\\n"), texts("d=x\\ y e='\\n'"), "a backslash is literal inside single quotes");
        assertEquals(List.of(), texts("   "));
    }

    @Test
    void wordsKnowWhereTheyStandInTheText() {
        QuotedWords.Word second = QuotedWords.split("echo 'a b' chdir=/tmp").get(1);
        assertEquals(5, second.start());
        assertEquals(10, second.end());
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThrows(QuotedWords.UnbalancedQuote.class, () -> QuotedWords.split("a='open"));
    }
}
