package dev.muster.shell;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Quoting for POSIX sh. Every value that comes from data (arguments, variables, facts) passes
 * through {@link #quote} before it is put into a command line: inside single quotes the shell
 * expands nothing, so {@code $(...)}, backticks, {@code ;} and newlines stay inert text.
 */
public final class Shell {

    private Shell() {
    }

    /**
     * One shell word with exactly the characters of {@code value}.
     *
     * @throws IllegalArgumentException for a NUL character: no command line can carry one, and
     *         a C string cut at it could leave a script that means something else
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a NUL character cannot be passed to a shell");
        }
        if (value.isEmpty()) {
            return "''";
        }
        if (value.chars().allMatch(Shell::isSafe)) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Several words, each quoted, separated by single spaces. */
    public static String join(Collection<String> words) {
        // "=" is never left bare: a first word like A=B would become an assignment.
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == '/' || c == ',' || c == ':' || c == '@' || c == '%' || c == '+';
    }
}
