package dev.muster.template.ansible;

import com.hubspot.jinjava.interpret.Context;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.UnaryOperator;

/**
 * What the lookups of one rendering may see (issue 15): the task's variables, the controller's environment, where
 * the task's files are searched (the engine's one file lookup, handed in), how a template file is rendered, the loop
 * lookups the engine already has, and whether {@code pipe}/{@code lines} may run commands. Lookups run on the
 * controller and reach nothing else. The engine binds one to the Jinjava context of each rendering ({@link #bind});
 * a lookup without one fails, naming the lookup.
 */
public final class LookupEnvironment {

    /** The candidates for a file {@code name} of {@code kind} ("files", "templates"), in Ansible's search order. */
    public interface FileSearch {
        List<Path> candidates(String kind, String name);
    }

    /**
     * Renders a template file's text as the template module would ({@code #jinja2:} header, trailing newlines), with
     * {@code lookups} (the same environment over the template's variables) bound for the lookups inside it.
     */
    public interface TemplateRenderer {
        String render(String name, String text, Map<String, Object> vars, LookupEnvironment lookups);
    }

    /** The engine's loop lookups ({@code with_NAME}) on a list of terms: items, dict, indexed_items, fileglob, first_found. */
    public interface LoopLookups {
        List<Object> items(String name, List<Object> terms);
    }

    /**
     * Bindings by context identity (Jinjava's Context keeps Object's equals): not a variable of the context, so no
     * template can read the environment itself.
     */
    private static final Map<Context, LookupEnvironment> BOUND = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<String, Object> vars;
    private final Map<String, String> environment;
    private final FileSearch files;
    private final TemplateRenderer templates;
    private final LoopLookups loops;
    private final Path baseDir;
    private final boolean commandsAllowed;
    private final UnaryOperator<String> unsafe;

    private LookupEnvironment(Builder b) {
        this.vars = Objects.requireNonNull(b.vars, "vars");
        this.environment = b.environment;
        this.files = b.files;
        this.templates = b.templates;
        this.loops = b.loops;
        this.baseDir = b.baseDir;
        this.commandsAllowed = b.commandsAllowed;
        this.unsafe = b.unsafe;
    }

    /** The same environment over other variables (the template lookup's). */
    LookupEnvironment withVars(Map<String, Object> other) {
        Builder b = new Builder(other);
        b.environment = environment;
        b.files = files;
        b.templates = templates;
        b.loops = loops;
        b.baseDir = baseDir;
        b.commandsAllowed = commandsAllowed;
        b.unsafe = unsafe;
        return b.build();
    }

    public static Builder builder(Map<String, Object> vars) {
        return new Builder(vars);
    }

    /** Makes {@code env} what lookups see while rendering in {@code context} (and every context below it). */
    public static void bind(Context context, LookupEnvironment env) {
        BOUND.put(Objects.requireNonNull(context, "context"), Objects.requireNonNull(env, "env"));
    }

    /** Takes back what {@link #bind} gave {@code context} (a context used again for another task). */
    public static void unbind(Context context) {
        BOUND.remove(context);
    }

    /** The environment bound to {@code context} or the nearest of its parents, or null. */
    static LookupEnvironment of(Context context) {
        for (Context c = context; c != null; c = c.getParent()) {
            LookupEnvironment env = BOUND.get(c);
            if (env != null) {
                return env;
            }
        }
        return null;
    }

    Map<String, Object> vars() {
        return vars;
    }

    Map<String, String> environment() {
        return environment;
    }

    FileSearch files() {
        return files;
    }

    TemplateRenderer templates() {
        return templates;
    }

    LoopLookups loops() {
        return loops;
    }

    Path baseDir() {
        return baseDir;
    }

    boolean commandsAllowed() {
        return commandsAllowed;
    }

    /** A lookup's text marked as Ansible's unsafe: never templated again. */
    String unsafe(String text) {
        return unsafe.apply(text);
    }

    public static final class Builder {
        private final Map<String, Object> vars;
        private Map<String, String> environment = System.getenv();
        private FileSearch files;
        private TemplateRenderer templates;
        private LoopLookups loops;
        private Path baseDir;
        private boolean commandsAllowed;
        private UnaryOperator<String> unsafe = UnaryOperator.identity();

        private Builder(Map<String, Object> vars) {
            this.vars = vars;
        }

        /** The controller's environment for {@code env} (default: this process's). */
        public Builder environment(Map<String, String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        /** Where {@code file}, {@code template}, {@code fileglob} and {@code first_found} look (without it they fail). */
        public Builder files(FileSearch files) {
            this.files = files;
            return this;
        }

        public Builder templates(TemplateRenderer templates) {
            this.templates = templates;
            return this;
        }

        public Builder loops(LoopLookups loops) {
            this.loops = loops;
            return this;
        }

        /** The playbook's directory: where {@code pipe} and {@code lines} run their command. */
        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        /** Lets {@code pipe} and {@code lines} run commands on the controller (refused unless the run enables it). */
        public Builder commandsAllowed(boolean allowed) {
            this.commandsAllowed = allowed;
            return this;
        }

        /** Marks the text lookups return as never to be templated again (the engine's {@code !unsafe}). */
        public Builder unsafe(UnaryOperator<String> unsafe) {
            this.unsafe = Objects.requireNonNull(unsafe);
            return this;
        }

        public LookupEnvironment build() {
            return new LookupEnvironment(this);
        }
    }
}
