package dev.muster.playbook;

import dev.muster.error.SourceLocation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One task (or handler) with everything that applies to it, inherited keywords included. Its keywords come in
 * parts (how it loops, how it retries, how its result is read, which handlers it reaches), built through
 * {@link #builder}; the accessors of the parts' fields are on the task itself.
 *
 * @param args         the module arguments, plain values that may hold {@code {{ }}} templates
 * @param argLocations where each argument was written
 * @param when         the conditions of the task and everything around it (they are taken out of {@code scope})
 * @param scope        what the enclosing play/role/blocks hand down (tags, vars, role, become, ...)
 */
public record Task(String name, String module, Map<String, Object> args, Map<String, SourceLocation> argLocations,
                   List<Condition> when, Looping looping, Retrying retrying, ResultHandling results, HandlerLinks links,
                   Scope scope, SourceLocation location) implements Step {

    /**
     * {@code loop} or a {@code with_*} lookup, and {@code loop_control}.
     *
     * @param items    the loop's value (a list or a template), or null when the task does not loop
     * @param lookup   the lookup of a {@code with_*} keyword ({@code items}, {@code dict}, ...), null for {@code loop}
     * @param indexVar {@code loop_control.index_var}, or null
     * @param extended {@code loop_control.extended}: {@code ansible_loop} also holds revindex, allitems, previtem, nextitem
     */
    public record Looping(Object items, String lookup, String var, String indexVar, String label, boolean extended) {
        public static final Looping NONE = new Looping(null, null, "item", null, null, false);

        /** The lookups behind the {@code with_*} keywords we have, as ansible-core's loop lookups make their items. */
        public static final Set<String> LOOKUPS = Set.of("items", "dict", "together", "subelements", "nested",
                "sequence", "fileglob", "first_found", "indexed_items", "random_choice");
    }

    /** {@code until} with {@code retries} and {@code delay} (seconds). */
    public record Retrying(List<Condition> until, int retries, int delay) {
        public static final Retrying NONE = new Retrying(List.of(), 0, 5);
    }

    /** How the result is read and kept: {@code register}, {@code changed_when}, {@code failed_when}. */
    public record ResultHandling(String register, List<Condition> changedWhen, List<Condition> failedWhen) {
        public static final ResultHandling NONE = new ResultHandling(null, List.of(), List.of());
    }

    /** The handlers a task {@code notify}s, and for a handler the topics it {@code listen}s to. */
    public record HandlerLinks(List<String> notifies, List<String> listen) {
        public static final HandlerLinks NONE = new HandlerLinks(List.of(), List.of());
    }

    public Task {
        Objects.requireNonNull(looping);
        Objects.requireNonNull(retrying);
        Objects.requireNonNull(results);
        Objects.requireNonNull(links);
    }

    public static Builder builder(String module, Scope scope, SourceLocation location) {
        return new Builder(module, scope, location);
    }

    /** The name shown to the operator: the task's own, or the module and where it is. */
    public String displayName() {
        String base = name != null ? name : module;
        return scope.role() != null ? scope.role().name() + " : " + base : base;
    }

    public Object loop() {
        return looping.items();
    }

    public String loopLookup() {
        return looping.lookup();
    }

    public String loopVar() {
        return looping.var();
    }

    public String loopLabel() {
        return looping.label();
    }

    public List<Condition> until() {
        return retrying.until();
    }

    public int retries() {
        return retrying.retries();
    }

    public int delay() {
        return retrying.delay();
    }

    public String register() {
        return results.register();
    }

    public List<Condition> changedWhen() {
        return results.changedWhen();
    }

    public List<Condition> failedWhen() {
        return results.failedWhen();
    }

    public List<String> notifies() {
        return links.notifies();
    }

    public List<String> listen() {
        return links.listen();
    }

    public Set<String> tags() {
        return scope.tags();
    }

    public boolean become() {
        return Boolean.TRUE.equals(scope.become());
    }

    public boolean ignoreErrors() {
        return Boolean.TRUE.equals(scope.ignoreErrors());
    }

    public boolean noLog() {
        return Boolean.TRUE.equals(scope.noLog());
    }

    public boolean runOnce() {
        return Boolean.TRUE.equals(scope.runOnce());
    }

    /** A task is made by the loader: the module, its scope and place first, the rest as written. */
    public static final class Builder {
        private final String module;
        private final Scope scope;
        private final SourceLocation location;
        private String name;
        private Map<String, Object> args = Map.of();
        private Map<String, SourceLocation> argLocations = Map.of();
        private List<Condition> when = List.of();
        private Looping looping = Looping.NONE;
        private Retrying retrying = Retrying.NONE;
        private ResultHandling results = ResultHandling.NONE;
        private HandlerLinks links = HandlerLinks.NONE;

        private Builder(String module, Scope scope, SourceLocation location) {
            this.module = module;
            this.scope = scope;
            this.location = location;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder args(Map<String, Object> args, Map<String, SourceLocation> argLocations) {
            this.args = args;
            this.argLocations = argLocations;
            return this;
        }

        public Builder when(List<Condition> when) {
            this.when = List.copyOf(when);
            return this;
        }

        public Builder looping(Looping looping) {
            this.looping = looping;
            return this;
        }

        public Builder retrying(Retrying retrying) {
            this.retrying = retrying;
            return this;
        }

        public Builder results(ResultHandling results) {
            this.results = results;
            return this;
        }

        public Builder links(HandlerLinks links) {
            this.links = links;
            return this;
        }

        public Task build() {
            return new Task(name, module, args, argLocations, when, looping, retrying, results, links, scope, location);
        }
    }
}
