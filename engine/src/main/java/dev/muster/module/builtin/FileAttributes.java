package dev.muster.module.builtin;

import static dev.muster.module.script.ModuleScript.q;

import dev.muster.module.ArgumentException;
import dev.muster.module.script.ModuleScript;

/**
 * The file module's {@code attributes} (chattr flags) as ansible-core sets them: lsattr's flags (without the dashes)
 * compared with the value as written, a change when they differ or the value removes ("-i"), then
 * {@code chattr VALUE}, which fails the task when it fails or complains. Without lsattr/chattr on the target the task
 * fails (Ansible skips the attributes silently and reports success).
 */
final class FileAttributes {

    private FileAttributes() {
    }

    static String check(String attributes) {
        if (attributes != null && !attributes.matches("[-+=]?[a-zA-Z]*")) {
            throw new ArgumentException("attributes", "attributes '" + attributes + "' are not chattr flags such as '+i', '-a' or 'e'");
        }
        return attributes;
    }

    /** Lines that bring the chattr flags of {@code $mu_t} to {@code attributes} (null: leave them). */
    static void apply(ModuleScript s, String attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return;
        }
        boolean remove = attributes.startsWith("-");
        String flags = attributes.startsWith("-") || attributes.startsWith("+") ? attributes.substring(1) : attributes;
        String op = attributes.startsWith("-") || attributes.startsWith("+") ? attributes.substring(0, 1) : "=";
        s.line("command -v lsattr >/dev/null && command -v chattr >/dev/null || "
                + "mu_fail \"attributes need lsattr and chattr on the target (Debian's e2fsprogs), which has none\"");
        // lsattr's first word, dashes removed without a process; empty when the file system keeps no flags
        s.line("mu_la=$(lsattr -d \"$mu_t\" 2>/dev/null) && mu_la=${mu_la%%%% *} || mu_la=");
        s.line("while :; do case $mu_la in *-*) mu_la=${mu_la%%%%-*}${mu_la#*-} ;; *) break ;; esac; done");
        s.line("if [ \"$mu_la\" != %s ]%s; then mu_change attributes; mu_set attr_before \"$mu_la\"; mu_set attr_after %s",
                q(flags), remove ? " || :" : "", q(op + flags));
        s.line("  if [ \"$mu_check\" != 1 ]; then mu_ce=$(chattr %s \"$mu_t\" 2>&1) && [ -z \"$mu_ce\" ] || mu_fail 'chattr failed'; fi; fi", q(op + flags));
    }
}
