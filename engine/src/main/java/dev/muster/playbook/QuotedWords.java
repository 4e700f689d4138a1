package dev.muster.playbook;

import java.util.ArrayList;
import java.util.List;

/**
 * Key=value text as Ansible reads it for both module arguments ({@code copy: src=a dest='b c'}) and
 * {@code -e k=v}: white space separates words, quotes group and are removed, a backslash outside
 * single quotes takes the next character as it is. One splitter, so the two never disagree.
 */
public final class QuotedWords {

    /** A word, unquoted, with where it starts and ends in the text (so callers can cut the text around it). */
    public record Word(String text, int start, int end) {
    }

    /** Thrown for a quote that is never closed; each caller words its own message and location. */
    public static final class UnbalancedQuote extends RuntimeException {
        UnbalancedQuote(String text) {
            super("unbalanced quote in arguments: " + text);
        }
    }

    private QuotedWords() {
    }

    public static List<Word> split(String text) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < text.length() && (quote != 0 || !Character.isWhitespace(text.charAt(i)))) {
                char c = text.charAt(i);
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote != '\'' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
                i++;
            }
            if (quote != 0) {
                throw new UnbalancedQuote(text);
            }
            words.add(new Word(word.toString(), start, i));
        }
        return words;
    }
}
