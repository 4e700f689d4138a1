package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.playbook.QuotedWords.Word;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Module arguments written as a string: {@code command: ls -l chdir=/tmp} (the free-form text
 * plus the module's own {@code key=value} words) or {@code copy: src=a dest=b}.
 */
public final class FreeFormArgs {

    private FreeFormArgs() {
    }

    public static Map<String, Object> parse(String text, String freeForm, Set<String> declared, SourceLocation at) {
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
        try {
            return QuotedWords.split(text);
        } catch (QuotedWords.UnbalancedQuote e) {
            throw new MusterException(at, e.getMessage());
        }
    }
}
