package dev.muster.module.builtin;

import dev.muster.module.ArgumentException;
import dev.muster.module.script.ModuleScript;
import dev.muster.shell.Shlex;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code validate} argument of the file-writing modules: a command run on the new content
 * before it replaces the file ({@code visudo -cf %s}); {@code %s} is the temporary file. As in
 * Ansible it runs without a shell: its words are split shlex-style and quoted one by one.
 */
final class Validation {

    private Validation() {
    }

    /** Defines mu_validate in the script (mu_write calls it), or nothing when there is no validate. */
    static void define(ModuleScript script, String validate) {
        define(script, validate, false);
    }

    /** @param edit lineinfile/blockinfile: a refusal reads "failed to validate: rc:N error:STDERR", as theirs in Ansible */
    static void define(ModuleScript script, String validate, boolean edit) {
        if (validate == null || validate.isBlank()) {
            return;
        }
        if (!validate.contains("%s")) {
            throw new ArgumentException("validate must contain %s, the place of the file to check");
        }
        List<String> words = new ArrayList<>();
        try {
            for (String word : Shlex.split(validate)) {
                List<String> parts = new ArrayList<>();
                for (String part : word.split("%s", -1)) {
                    parts.add(part.isEmpty() ? "" : ModuleScript.q(part));
                }
                words.add(String.join("\"$1\"", parts));
            }
        } catch (IllegalArgumentException e) {
            throw new ArgumentException("cannot split validate: " + e.getMessage());
        }
        script.line("mu_validate() { %s </dev/null; }", String.join(" ", words));
        script.line(edit ? "mu_validate=edit" : "mu_validate=1");
    }
}
