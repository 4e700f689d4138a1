package dev.muster.module.script;

import dev.muster.module.ArgumentException;
import dev.muster.shell.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds one module script: the shared prelude (result markers, atomic write, attribute fix-up),
 * the task's own state ({@code mu_init}) and modes, then the module's own lines. Values from data
 * enter only through {@link #q}, which quotes them for sh, so a hostile path or content can never become code.
 */
public final class ModuleScript {

    /** The prelude: function definitions only, so a shell session can define them once (see {@link #taskPart}). */
    /** Script resources, read and compacted once (declared before PRELUDE, which is one of them). */
    private static final Map<String, String> RESOURCES = new ConcurrentHashMap<>();

    public static final String PRELUDE = loadPrelude();

    private final StringBuilder text = new StringBuilder(PRELUDE.length() + 512);

    private ModuleScript(boolean check, boolean diff) {
        text.append(PRELUDE);
        text.append("mu_init\n");
        text.append("mu_check=").append(check ? 1 : 0).append('\n');
        text.append("mu_diff=").append(diff ? 1 : 0).append('\n');
    }

    public static ModuleScript start(boolean check, boolean diff) {
        return new ModuleScript(check, diff);
    }

    /**
     * Appends one line of script, always through String.format (write a shell % as %%);
     * {@code %s} placeholders take already quoted words (see {@link #q}).
     */
    public ModuleScript line(String format, Object... quotedWords) {
        text.append(String.format(format, quotedWords)).append('\n');
        return this;
    }

    /** Exports an environment variable for the commands that follow (awk reads its data from ENVIRON, never from its program text). */
    public ModuleScript export(String name, Object value) {
        return line("%s=%s; export %s", name, q(value), name);
    }

    /** Ends the script by printing the result block. */
    public String finish() {
        text.append("mu_done\n");
        return text.toString();
    }

    /**
     * What a module script holds besides the prelude: its state, modes and own lines, which a shell session runs
     * in a subshell after defining the prelude's functions once; null for a script not built here (it keeps its
     * own protocol, so it is sent as a command of its own).
     */
    public static String taskPart(String script) {
        return script.startsWith(PRELUDE) && script.startsWith("mu_init\n", PRELUDE.length()) ? script.substring(PRELUDE.length()) : null;
    }

    /** One sh word holding exactly {@code value}; null becomes the empty word. */
    public static String q(Object value) {
        String text = value == null ? "" : String.valueOf(value);
        if (text.indexOf('\0') >= 0) {
            throw new ArgumentException("a value holds a NUL character, which no shell command can carry");
        }
        return Shell.quote(text);
    }

    /**
     * A path made safe to hand to any command: a relative path that starts with "-" would read
     * as an option, so it gets a "./" in front.
     */
    public static String path(String path) {
        return q(path != null && path.startsWith("-") ? "./" + path : path);
    }

    /**
     * A path pattern as sh words that expand as Python's glob would ({@code *}, {@code ?} and simple
     * {@code [...]} sets left unquoted, everything else quoted): for {@code for x in PATTERN} loops.
     */
    public static String glob(String pattern) {
        String text = pattern.startsWith("-") ? "./" + pattern : pattern;
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int close = c == '[' ? text.indexOf(']', i + 2) : -1;
            String set = close > 0 ? text.substring(i + 1, close) : null;
            if (c == '*' || c == '?' || set != null && set.matches("!?[A-Za-z0-9._-]+")) {
                if (!literal.isEmpty()) {
                    out.append(q(literal.toString()));
                    literal.setLength(0);
                }
                out.append(set != null ? "[" + set + "]" : String.valueOf(c));
                i = set != null ? close : i;
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            out.append(q(literal.toString()));
        }
        return out.toString();
    }

    private static String loadPrelude() {
        return resource("prelude.sh");
    }

    /** A script fragment shipped beside this class (awk programs for the file-editing modules). */
    public static String resource(String name) {
        // read and compacted once per process: modules ask for their script parts on every task and host
        return RESOURCES.computeIfAbsent(name, ModuleScript::read);
    }

    private static String read(String name) {
        try (InputStream in = ModuleScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " missing from the classpath");
            }
            // Comments and indentation are for readers of the source; every task sends the text, so they stay home.
            StringBuilder compact = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    compact.append(trimmed).append('\n');
                }
            }
            return compact.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
