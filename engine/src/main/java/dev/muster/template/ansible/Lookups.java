package dev.muster.template.ansible;

import com.hubspot.jinjava.el.ext.NamedParameter;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Ansible 2.14's {@code lookup(name, *terms, **kw)} and {@code query}/{@code q} (wantlist) on Jinjava, with its
 * lookups {@code file}, {@code template}, {@code env}, {@code vars}, {@code items}, {@code list}, {@code dict},
 * {@code indexed_items}, {@code fileglob}, {@code first_found}, and {@code pipe}/{@code lines} when the run allows
 * commands. Everything a lookup reads comes from the {@link LookupEnvironment} bound to the rendering; the results
 * are shaped as Templar._lookup shapes them (strings joined with commas, one value alone, {@code errors=}).
 */
public final class Lookups {

    /** The lookups Muster has. */
    private static final Set<String> NAMES = Set.of("file", "template", "env", "vars", "items", "list", "dict", "indexed_items",
            "fileglob", "first_found", "pipe", "lines");
    /**
     * Options Ansible's lookups take that Muster does not implement: refused. Any other unknown option is ignored, as
     * Ansible ignores it.
     */
    private static final Map<String, Set<String>> UNSUPPORTED_OPTIONS = Map.of("template", Set.of("variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string", "jinja2_native"));
    /** The lookups that run a command on the controller. */
    private static final Set<String> COMMANDS = Set.of("pipe", "lines");
    private static final long COMMAND_TIMEOUT_MINUTES = 10;

    private Lookups() {
    }

    /**
     * The one rule for which lookups may run, at plan time (a literal name) as at run time: what is wrong with
     * {@code lookup(name, ...)}, or empty.
     *
     * @param commandsAllowed whether the run lets {@code pipe} and {@code lines} run commands on the controller
     */
    public static Optional<String> refusal(String name, boolean commandsAllowed) {
        if (!NAMES.contains(name)) {
            return Optional.of("lookup plugin (" + name + ") not found: the lookups are " + new java.util.TreeSet<>(NAMES));
        }
        if (COMMANDS.contains(name) && !commandsAllowed) {
            return Optional.of("the " + name + " lookup runs a command on the controller and is not enabled for this run");
        }
        return Optional.empty();
    }

    /** Ansible's {@code lookup}: one value (strings joined with commas), unless {@code wantlist=True}. */
    public static Object lookup(Object... args) {
        return call(false, args);
    }

    /** Ansible's {@code query} and {@code q}: always the list. */
    public static Object query(Object... args) {
        return call(true, args);
    }

    static void registerOn(Context context) {
        try {
            context.registerFunction(new ELFunctionDefinition("", "lookup", Lookups.class.getMethod("lookup", Object[].class)));
            context.registerFunction(new ELFunctionDefinition("", "query", Lookups.class.getMethod("query", Object[].class)));
            context.registerFunction(new ELFunctionDefinition("", "q", Lookups.class.getMethod("query", Object[].class)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(boolean wantlist, Object[] args) {
        try {
            return run(wantlist, args);
        } catch (LookupError e) {
            // Jinjava reports a function's InvalidArgumentException with its message (anything else as "Error invoking")
            throw new InvalidArgumentException(JinjavaInterpreter.getCurrent(), wantlist ? "query" : "lookup", e.getMessage());
        }
    }

    private static Object run(boolean wantlist, Object[] args) {
        List<Object> positional = new ArrayList<>();
        Map<String, Object> kw = new LinkedHashMap<>();
        for (Object arg : args == null ? new Object[0] : args) {
            if (arg instanceof NamedParameter p) {
                kw.put(p.getName(), p.getValue());
            } else {
                positional.add(arg);
            }
        }
        String verb = wantlist ? "query" : "lookup";
        if (positional.isEmpty() || !(positional.get(0) instanceof CharSequence)) {
            throw new LookupError(verb + "() needs the lookup's name as its first argument");
        }
        String name = positional.get(0).toString();
        boolean list = kw.containsKey("wantlist") ? Py.truthy(kw.remove("wantlist")) || wantlist : wantlist;
        boolean allowUnsafe = kw.containsKey("allow_unsafe") && Py.truthy(kw.remove("allow_unsafe"));
        Object errors = kw.containsKey("errors") ? kw.remove("errors") : "strict";
        refusal(name, commandsAllowed()).ifPresent(problem -> {
            throw new LookupError(problem);
        });
        for (String option : kw.keySet()) {
            if (UNSUPPORTED_OPTIONS.getOrDefault(name, Set.of()).contains(option)) {
                throw new LookupError("lookup " + name + ": the option '" + option + "' is not supported");
            }
        }
        LookupEnvironment env = environment(name);
        List<Object> terms = positional.subList(1, positional.size());
        List<Object> ran;
        try {
            ran = run(name, new ArrayList<>(terms), kw, env);
        } catch (UndefinedInLookup e) {
            throw e; // Ansible's undefined-variable error: errors= does not apply
        } catch (RuntimeException e) {
            if ("warn".equals(errors) || "ignore".equals(errors)) {
                // Ansible prints the warning and goes on with nothing; Muster goes on the same way
                return list ? new ArrayList<>() : null;
            }
            throw e instanceof LookupError ? e : new LookupError("lookup " + name + ": " + e.getMessage());
        }
        ran = marked(ran, env);
        if (ran.isEmpty() || allowUnsafe || list) {
            return ran;
        }
        if (ran.stream().allMatch(CharSequence.class::isInstance)) {
            return env.unsafe(String.join(",", ran.stream().map(Object::toString).toList()));
        }
        return ran.size() == 1 ? ran.get(0) : ran;
    }

    private static boolean commandsAllowed() {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        LookupEnvironment env = interpreter == null ? null : LookupEnvironment.of(interpreter.getContext());
        return env != null && env.commandsAllowed();
    }

    private static LookupEnvironment environment(String name) {
        JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
        LookupEnvironment env = interpreter == null ? null : LookupEnvironment.of(interpreter.getContext());
        if (env == null) {
            throw new LookupError("lookup " + name + ": lookups are not available here (no task to look up from)");
        }
        return env;
    }

    private static List<Object> marked(List<Object> ran, LookupEnvironment env) {
        List<Object> out = new ArrayList<>(ran.size());
        for (Object x : ran) {
            out.add(x instanceof String s ? env.unsafe(s) : x);
        }
        return out;
    }

    private static List<Object> run(String name, List<Object> terms, Map<String, Object> kw, LookupEnvironment env) {
        return switch (name) {
            case "file" -> file(terms, kw, env);
            case "template" -> template(terms, kw, env);
            case "env" -> env(terms, kw, env);
            case "vars" -> vars(terms, kw, env);
            case "list" -> terms;
            case "indexed_items" -> {
                List<Object> pairs = new ArrayList<>();
                for (Object pair : loops(env, name).items(name, terms)) {
                    pairs.add(new PyTuple(Py.list(pair, name)));
                }
                yield pairs;
            }
            case "first_found" -> loops(env, name).items(name, firstFoundTerms(terms, kw));
            case "pipe", "lines" -> command(name, terms, env);
            default -> loops(env, name).items(name, terms);
        };
    }

    /**
     * Ansible's first_found applies its keyword options to each string term: {@code files}/{@code paths} replace the
     * term, {@code skip} holds for the whole search.
     */
    private static List<Object> firstFoundTerms(List<Object> terms, Map<String, Object> kw) {
        if (kw.isEmpty()) {
            return terms;
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (String key : List.of("files", "paths", "skip")) {
            if (kw.containsKey(key)) {
                options.put(key, kw.get(key));
            }
        }
        boolean replaces = options.containsKey("files") || options.containsKey("paths");
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            out.add(term instanceof CharSequence && replaces ? options : term);
        }
        if (!replaces && options.containsKey("skip") && !terms.isEmpty()) {
            out.add(Map.of("skip", Py.truthy(options.get("skip"))));
        }
        return out;
    }

    private static LookupEnvironment.LoopLookups loops(LookupEnvironment env, String name) {
        if (env.loops() == null) {
            throw new LookupError("lookup " + name + ": not available here");
        }
        return env.loops();
    }

    private static Path find(LookupEnvironment env, String kind, Object term, String name) {
        if (!(term instanceof CharSequence)) {
            throw new LookupError("lookup " + name + ": the file name must be a string, got " + Py.typeName(term) + " " + Py.repr(term));
        }
        if (env.files() == null) {
            throw new LookupError("lookup " + name + ": files cannot be read here");
        }
        for (Path candidate : env.files().candidates(kind, term.toString())) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String read(Path path, String name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (CharacterCodingException e) {
            throw new LookupError("lookup " + name + ": " + path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new LookupError("lookup " + name + ": cannot read " + path + ": " + e.getMessage());
        }
    }

    private static List<Object> file(List<Object> terms, Map<String, Object> kw, LookupEnvironment env) {
        boolean lstrip = option(kw, "lstrip", false);
        boolean rstrip = option(kw, "rstrip", true);
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            Path found = find(env, "files", term, "file");
            if (found == null) {
                throw new LookupError("could not locate file in lookup: " + term);
            }
            String text = read(found, "file");
            if (lstrip) {
                text = Py.lstrip(text);
            }
            if (rstrip) {
                text = Py.rstrip(text);
            }
            out.add(text);
        }
        return out;
    }

    private static List<Object> template(List<Object> terms, Map<String, Object> kw, LookupEnvironment env) {
        if (env.templates() == null) {
            throw new LookupError("lookup template: templates cannot be rendered here");
        }
        option(kw, "convert_data", true); // checked as Ansible checks it; ansible-core 2.14 returns the text either way
        Object extra = kw.get("template_vars");
        if (extra != null && !(extra instanceof Map)) {
            throw new LookupError("lookup template: template_vars must be a dictionary, got " + Py.typeName(extra));
        }
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            Path found = find(env, "templates", term, "template");
            if (found == null) {
                throw new LookupError("the template file " + term + " could not be found for the lookup");
            }
            Map<String, Object> vars = env.vars();
            if (extra != null) {
                vars = new Overlay(env.vars(), Py.map(extra, "template", "template_vars"));
            }
            String rendered = env.templates().render(term.toString(), read(found, "template"), vars, env.withVars(vars));
            out.add(rendered);
        }
        return out;
    }

    private static List<Object> env(List<Object> terms, Map<String, Object> kw, LookupEnvironment env) {
        Object fallback = kw.getOrDefault("default", "");
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String text = Py.str(term).strip();
            String var = text.isEmpty() ? "" : text.split("\\s+")[0];
            String value = env.environment().get(var);
            out.add(value != null ? value : fallback);
        }
        return out;
    }

    private static List<Object> vars(List<Object> terms, Map<String, Object> kw, LookupEnvironment env) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            if (!(term instanceof CharSequence)) {
                throw new LookupError("Invalid setting identifier, \"" + Py.str(term) + "\" is not a string, it is a " + Py.typeName(term));
            }
            String var = term.toString();
            Object value = env.vars().get(var);
            if (value == null && !env.vars().containsKey(var)) {
                if (kw.get("default") == null) {
                    throw new UndefinedInLookup("No variable found with this name: " + var);
                }
                value = kw.get("default");
            }
            out.add(value);
        }
        return out;
    }

    /** pipe: each command's output, its trailing whitespace removed; lines: each output's lines. */
    private static List<Object> command(String name, List<Object> terms, LookupEnvironment env) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            String command = Py.str(term);
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD);
            if (env.baseDir() != null) {
                builder.directory(env.baseDir().toFile());
            }
            String stdout;
            int rc;
            try {
                Process process = builder.start();
                process.getOutputStream().close();
                try (InputStream in = process.getInputStream()) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    in.transferTo(bytes);
                    stdout = bytes.toString(StandardCharsets.UTF_8);
                }
                if (!process.waitFor(COMMAND_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new LookupError("lookup_plugin." + name + "(" + command + ") did not end within " + COMMAND_TIMEOUT_MINUTES + " minutes");
                }
                rc = process.exitValue();
            } catch (IOException e) {
                throw new LookupError("lookup_plugin." + name + "(" + command + "): " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LookupError("lookup_plugin." + name + "(" + command + ") interrupted");
            }
            if (rc != 0) {
                throw new LookupError("lookup_plugin." + name + "(" + command + ") returned " + rc);
            }
            if (name.equals("pipe")) {
                out.add(Py.rstrip(stdout));
            } else {
                out.addAll(TextFilters.splitlines(stdout));
            }
        }
        return out;
    }

    /** A boolean option as Ansible reads one (True, 'yes', 'no', 1, ...). */
    private static boolean option(Map<String, Object> kw, String key, boolean fallback) {
        if (!kw.containsKey(key)) {
            return fallback;
        }
        Object v = kw.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String text = Py.str(v).strip().toLowerCase();
        return switch (text) {
            case "yes", "on", "1", "true", "t", "y", "1.0" -> true;
            case "no", "off", "0", "false", "f", "n", "0.0", "" -> false;
            default -> throw new LookupError("option " + key + ": the value " + Py.repr(v) + " is not a valid boolean");
        };
    }

    /** The template lookup's template_vars over the task's variables, without copying them (they may be lazy). */
    private static final class Overlay extends java.util.AbstractMap<String, Object> {
        private final Map<String, Object> base;
        private final Map<Object, Object> over;

        Overlay(Map<String, Object> base, Map<Object, Object> over) {
            this.base = base;
            this.over = over;
        }

        @Override
        public Object get(Object key) {
            return over.containsKey(key) ? over.get(key) : base.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return over.containsKey(key) || base.containsKey(key);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            Map<String, Object> all = new LinkedHashMap<>(base);
            over.forEach((k, v) -> all.put(String.valueOf(k), v));
            return all.entrySet();
        }
    }

    /** A lookup failed; the message says why, as Ansible's does. */
    static class LookupError extends RuntimeException {
        LookupError(String message) {
            super(message);
        }
    }

    /** An undefined variable inside a lookup: an error whatever {@code errors=} says. */
    static final class UndefinedInLookup extends LookupError {
        UndefinedInLookup(String message) {
            super(message);
        }
    }
}
