package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Module arguments written as a string: {@code command: ls -l chdir=/tmp} (the free-form text
 * plus the module's own {@code key=value} words) or {@code copy: src=a dest=b}.
 */
final class FreeFormArgs {

    private FreeFormArgs() {
    }

    /** A word of the text, with where it starts and ends, unquoted. */
    private record Word(String text, int start, int end) {
    }

    static Map<String, Object> parse(String text, String freeForm, Set<String> declared, SourceLocation at) {
        Map<String, Object> args = new LinkedHashMap<>();
        List<Word> words = split(text, at);
        if (freeForm == null) {
            for (Word word : words) {
                int eq = word.text().indexOf('=');
                if (eq <= 0) {
                    throw new MusterException(at, "expected key=value arguments, found '" + word.text() + "'");
                }
                args.put(word.text().substring(0, eq), word.text().substring(eq + 1));
            }
            return args;
        }
        StringBuilder rest = new StringBuilder();
        int copied = 0;
        for (Word word : words) {
            int eq = word.text().indexOf('=');
            String key = eq > 0 ? word.text().substring(0, eq) : null;
            if (key != null && declared.contains(key) && !key.equals(freeForm)) {
                args.put(key, word.text().substring(eq + 1));
                rest.append(text, copied, word.start());
                copied = word.end();
            }
        }
        rest.append(text.substring(copied));
        String command = rest.toString().trim().replaceAll("[ \t]{2,}", " ");
        if (!command.isEmpty()) {
            args.put(freeForm, command);
        }
        return args;
    }

    private static List<Word> split(String text, SourceLocation at) {
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
                throw new MusterException(at, "unbalanced quote in arguments: " + text);
            }
            words.add(new Word(word.toString(), start, i));
        }
        return words;
    }
}
