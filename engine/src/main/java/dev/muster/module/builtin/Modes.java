package dev.muster.module.builtin;

import dev.muster.module.ArgumentException;

/** Checks a file mode argument before any host is touched: octal digits or chmod's symbolic form. */
final class Modes {

    private Modes() {
    }

    /** Octal modes without leading zeros (as {@code stat -c %a} prints them), symbolic ones unchanged; null stays null. */
    static String normalize(String mode) {
        if (mode == null || mode.isEmpty()) {
            return null;
        }
        if (mode.matches("[0-7]{1,5}")) {
            int value = Integer.parseInt(mode, 8);
            if (value > 07777) {
                throw new ArgumentException("mode " + mode + " is out of range (at most 07777)");
            }
            return Integer.toOctalString(value);
        }
        if (mode.matches("([ugoa]*([-+=]([rwxXst]*|[ugo]))+)(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*")) {
            return mode;
        }
        throw new ArgumentException("invalid mode '" + mode + "': use octal digits such as '0644' (quoted in YAML) or a symbolic mode such as 'u=rw,go=r'");
    }
}
