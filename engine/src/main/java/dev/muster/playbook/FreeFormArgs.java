package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Module arguments written as a string: {@code command: ls -l chdir=/tmp} (the free-form text plus the module's
 * own {@code key=value} words) or {@code copy: src=a dest=b}, split by {@link QuotedWords} as Ansible splits them.
 */
public final class FreeFormArgs {

    /**
     * The only keys Ansible takes out of a command line ({@code parse_kv}'s {@code check_raw}): any other
     * {@code x=y} word stays part of the command ({@code command: env A=1 B=2 printenv}).
     */
    private static final Set<String> COMMAND_LINES = Set.of("command", "shell");
    private static final Set<String> COMMAND_LINE_OPTIONS = Set.of("creates", "removes", "chdir", "executable", "warn", "stdin",
            "stdin_add_newline", "strip_empty_ends");

    private FreeFormArgs() {
    }

    /**
     * @param module   the module (or include) the text is for: the text of command and shell (Ansible's
     *                 {@code FREEFORM_ACTIONS} that we have) is a command line, where only Ansible's few options are
     *                 taken out
     * @param freeForm the argument the free text fills, or null when the module takes only key=value words
     */
    public static Map<String, Object> parse(String text, String module, String freeForm, SourceLocation at) {
        boolean commandLine = COMMAND_LINES.contains(module);
        QuotedWords.KeyValues parsed;
        try {
            parsed = QuotedWords.parse(text, commandLine ? COMMAND_LINE_OPTIONS::contains : key -> true);
        } catch (QuotedWords.UnbalancedQuote e) {
            throw new MusterException(at, e.getMessage());
        }
        Map<String, Object> args = new LinkedHashMap<>(parsed.options());
        if (parsed.raw() != null) {
            if (freeForm == null) {
                throw new MusterException(at, "expected key=value arguments, found '" + parsed.raw() + "'");
            }
            args.put(freeForm, parsed.raw());
        }
        return args;
    }
}
