package dev.muster.template;

import dev.muster.template.ansible.LookupEnvironment;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Template files as Ansible's template module renders them: Jinja (through {@link Jinja}) with trim_blocks on and
 * lstrip_blocks off unless the task or the file's first line ({@code #jinja2: lstrip_blocks: True, trim_blocks: False})
 * says otherwise, and Ansible's trailing newlines (Jinja2 drops the template's last newline, Ansible then adds back as
 * many as the template ended with). {@code ansible_managed} is Ansible 2.14's default, "Ansible managed". A file whose
 * name ends in {@code .mustache} asks for mustache instead ({@link MustacheFiles}).
 */
public final class TemplateFiles {

    /** Ansible's JINJA2_OVERRIDE: a first line that sets the environment's options for this file. */
    private static final String OVERRIDE = "#jinja2:";
    /** Ansible 2.14's DEFAULT_MANAGED_STR. */
    public static final String ANSIBLE_MANAGED = "Ansible managed";

    /**
     * The template module's Jinja options.
     *
     * @param trimBlocks           remove the first newline after a block tag (Ansible's default: true)
     * @param lstripBlocks         strip spaces and tabs before a block tag on its line (default false)
     * @param keepTrailingNewline  keep the template's last newline (default false; Ansible adds it back anyway)
     */
    public record Options(boolean trimBlocks, boolean lstripBlocks, boolean keepTrailingNewline) {
        public static final Options ANSIBLE = new Options(true, false, false);
    }

    private TemplateFiles() {
    }

    /**
     * What one template module render sees besides the variables: the files its include/import/extends may read, and
     * Ansible's template variables (template_destpath, template_path, ...). Per thread, because Jinjava's resource
     * locator is one per engine and a render runs on one thread.
     */
    private record Scope(Function<String, String> includes, Map<String, Object> vars) {
    }

    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();

    /** Runs {@code render} with {@code includes} (a template name to its text, null when there is none) and {@code vars}. */
    public static <T> T withFiles(Function<String, String> includes, Map<String, Object> vars, Supplier<T> render) {
        Scope before = SCOPE.get();
        SCOPE.set(new Scope(includes, vars));
        try {
            return render.get();
        } finally {
            if (before == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(before);
            }
        }
    }

    /** The current render's file lookup for include/import, or null outside a template module's render. */
    static Function<String, String> includes() {
        Scope scope = SCOPE.get();
        return scope == null ? null : scope.includes();
    }

    /** The renderer the executor gives modules: Jinja unless the file's name ends in {@code .mustache}. */
    public static Renderer renderer() {
        return TemplateFiles::render;
    }

    /** The renderer for one task, whose templates' lookups see {@code lookups}. */
    public static Renderer renderer(LookupEnvironment lookups) {
        return (name, text, vars, options) -> render(name, text, vars, options, lookups);
    }

    /** The template lookup's rendering: the template module's defaults. */
    public static String renderForLookup(String name, String text, Map<String, Object> vars, LookupEnvironment lookups) {
        return render(name, text, vars, Options.ANSIBLE, lookups);
    }

    public static String render(String name, String text, Map<String, Object> vars, Options options) {
        return render(name, text, vars, options, null);
    }

    public static String render(String name, String text, Map<String, Object> vars, Options options, LookupEnvironment lookups) {
        if (name != null && name.endsWith(".mustache")) {
            return MustacheFiles.render(text, vars);
        }
        String data = text;
        if (data.startsWith(OVERRIDE)) {
            int eol = data.indexOf('\n');
            String line = data.substring(OVERRIDE.length(), eol < 0 ? data.length() : eol);
            data = eol < 0 ? "" : data.substring(eol + 1);
            options = override(options, line);
        }
        Scope scope = SCOPE.get();
        Map<String, Object> extra = Map.of("ansible_managed", ANSIBLE_MANAGED);
        if (scope != null && !scope.vars().isEmpty()) {
            Map<String, Object> both = new java.util.LinkedHashMap<>(scope.vars());
            both.put("ansible_managed", ANSIBLE_MANAGED);
            extra = both;
        }
        return jinja(data, vars, options, extra, lookups);
    }

    /**
     * A templated value (an argument, a variable) as Ansible's templar renders it: Jinja with trim_blocks on and the
     * text's trailing newlines kept.
     */
    static String renderText(String text, Map<String, Object> vars, LookupEnvironment lookups) {
        return jinja(text, vars, Options.ANSIBLE, Map.of(), lookups);
    }

    private static String jinja(String data, Map<String, Object> vars, Options options, Map<String, Object> extra,
                                LookupEnvironment lookups) {
        // Jinja2 reads \r\n and \r as \n, and (keep_trailing_newline off) drops the source's last newline
        String source = data.replace("\r\n", "\n").replace('\r', '\n');
        if (!options.keepTrailingNewline() && source.endsWith("\n")) {
            source = source.substring(0, source.length() - 1);
        }
        String out = Jinja.of(new Jinja.Whitespace(options.trimBlocks(), options.lstripBlocks())).render(source, vars, extra, lookups);
        // Ansible's preserve_trailing_newlines: as many newlines at the end as the template had
        int wanted = trailingNewlines(data);
        int have = trailingNewlines(out);
        return wanted > have ? out + "\n".repeat(wanted - have) : out;
    }

    /** Refuses, as rendering would, a Jinja file whose {@code #jinja2:} first line this engine cannot honour. */
    public static void checkHeader(String name, String text) {
        if (name.endsWith(".mustache") || !text.startsWith(OVERRIDE)) {
            return;
        }
        int eol = text.indexOf('\n');
        override(Options.ANSIBLE, text.substring(OVERRIDE.length(), eol < 0 ? text.length() : eol));
    }

    /** Applies a {@code #jinja2:} line: comma-separated {@code key: value} pairs with Python literals, as Ansible reads it. */
    static Options override(Options options, String line) {
        boolean trim = options.trimBlocks();
        boolean lstrip = options.lstripBlocks();
        boolean keep = options.keepTrailingNewline();
        for (String pair : line.split(",")) {
            int colon = pair.indexOf(':');
            if (colon < 0) {
                throw new TemplateException("failed to parse jinja2 override '" + line.strip()
                        + "': use a colon between key and value (#jinja2: lstrip_blocks: True)");
            }
            String key = pair.substring(0, colon).strip();
            String value = pair.substring(colon + 1).strip();
            switch (key) {
                case "trim_blocks" -> trim = pythonBool(key, value);
                case "lstrip_blocks" -> lstrip = pythonBool(key, value);
                case "keep_trailing_newline" -> keep = pythonBool(key, value);
                case "newline_sequence" -> {
                    if (!value.equals("'\\n'") && !value.equals("\"\\n\"")) {
                        throw new TemplateException("#jinja2: newline_sequence " + value + " is not supported (only '\\n')");
                    }
                }
                default -> throw new TemplateException("#jinja2: " + key + " is not supported; the options are trim_blocks,"
                        + " lstrip_blocks, keep_trailing_newline and newline_sequence");
            }
        }
        return new Options(trim, lstrip, keep);
    }

    private static boolean pythonBool(String key, String literal) {
        return switch (literal) {
            case "True", "1" -> true;
            case "False", "0" -> false;
            default -> throw new TemplateException("#jinja2: " + key + " needs True or False, not " + literal);
        };
    }

    private static int trailingNewlines(String text) {
        int n = 0;
        for (int i = text.length() - 1; i >= 0 && text.charAt(i) == '\n'; i--) {
            n++;
        }
        return n;
    }
}
