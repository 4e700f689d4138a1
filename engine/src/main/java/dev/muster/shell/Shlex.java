package dev.muster.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words the way a POSIX shell would for quoting only (Python's
 * shlex.split): single and double quotes group, backslash escapes; nothing is expanded, so
 * {@code $HOME} or {@code *} stay literal text, as in Ansible's command module.
 */
public final class Shlex {

    /** A word and where it sits in the source text, so callers can cut it out of the original. */
    public record Word(String text, int start, int end) {
    }

    private Shlex() {
    }

    public static List<String> split(String line) {
        return words(line).stream().map(Word::text).toList();
    }

    public static List<Word> words(String line) {
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            StringBuilder word = new StringBuilder();
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                char c = line.charAt(i);
                if (c == '\'') {
                    int close = line.indexOf('\'', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("unterminated single quote at column " + (i + 1));
                    }
                    word.append(line, i + 1, close);
                    i = close + 1;
                } else if (c == '"') {
                    i++;
                    while (true) {
                        if (i >= n) {
                            throw new IllegalArgumentException("unterminated double quote at column " + (start + 1));
                        }
                        char d = line.charAt(i);
                        if (d == '"') {
                            i++;
                            break;
                        }
                        if (d == '\\' && i + 1 < n && "\\\"$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                            word.append(line.charAt(i + 1));
                            i += 2;
                        } else {
                            word.append(d);
                            i++;
                        }
                    }
                } else if (c == '\\' && i + 1 < n) {
                    word.append(line.charAt(i + 1));
                    i += 2;
                } else {
                    word.append(c);
                    i++;
                }
            }
            words.add(new Word(word.toString(), start, i));
        }
        return words;
    }
}
