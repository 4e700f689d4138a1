package dev.muster.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a host line into words as Python's {@code shlex.split(line, comments=True)} does (POSIX mode),
 * which is how Ansible's INI plugin reads {@code host key="some value" # comment}: single quotes are
 * literal, double quotes honour backslash before {@code "} and {@code \}, an unquoted {@code #} ends the line.
 */
final class PosixShlex {

    /** A line shlex itself refuses; the message is Python's own. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    private PosixShlex() {
    }

    static List<String> split(String line) throws SyntaxError {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '#') {
                // shlex drops the rest of the line, even in the middle of a word.
                break;
            } else if (c == '\'') {
                int close = line.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new SyntaxError("No closing quotation");
                }
                word.append(line, i + 1, close);
                inWord = true;
                i = close + 1;
            } else if (c == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new SyntaxError("No closing quotation");
                    }
                    char q = line.charAt(i);
                    if (q == '"') {
                        i++;
                        break;
                    }
                    if (q == '\\') {
                        if (i + 1 >= n) {
                            throw new SyntaxError("No escaped character");
                        }
                        char next = line.charAt(i + 1);
                        if (next != '"' && next != '\\') {
                            word.append('\\');
                        }
                        word.append(next);
                        i += 2;
                    } else {
                        word.append(q);
                        i++;
                    }
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new SyntaxError("No escaped character");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
