package dev.muster.module;

import dev.muster.error.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments a module accepts: name, type, whether required, default, allowed choices and
 * aliases. It is the one argument checker: the planner asks it about every task before the first
 * connection ({@link #check}), the executor binds the templated values through it ({@link #bind}).
 *
 * @param freeForm the argument that a bare string fills (e.g. {@code cmd} for {@code command: ls}), or null
 * @param openEnded whether names beyond {@code args} are accepted as they are (set_fact: every key is a variable)
 */
public record ArgSpec(Map<String, Arg> args, String freeForm, List<Set<String>> mutuallyExclusive, List<Set<String>> requiredOneOf,
                      boolean openEnded) {

    /**
     * {@code CONDITIONS}: a list of conditions, or one condition as a string (assert's {@code that}); the planner checks
     * each one's syntax, with its location, before any host is touched, as it does for {@code when}.
     */
    public enum Type { STRING, BOOL, INT, LIST, DICT, PATH, MODE, ANY, CONDITIONS }

    public record Arg(String name, Type type, boolean required, Object defaultValue, Set<String> choices, Set<String> aliases) {

        /** The name and every alias. */
        public List<String> allNames() {
            List<String> names = new java.util.ArrayList<>(List.of(name));
            names.addAll(aliases);
            return names;
        }
    }

    /** Every name an argument answers to: names and aliases, in declaration order. */
    public java.util.Set<String> names() {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        args.values().forEach(arg -> names.addAll(arg.allNames()));
        return names;
    }

    /**
     * Checks and converts a task's templated arguments (a mapping; a free-form string such as
     * {@code ls -l creates=/x} was split by the planner): aliases resolved, defaults filled, types
     * converted, choices, required and exclusive groups enforced. Throws {@link ArgumentException}
     * naming the argument, with the closest known name for a misspelled one.
     */
    public Args bind(Object raw) {
        return new ArgBinder(this, null, false).bind(raw);
    }

    /**
     * The planner's check of the arguments as written, before any host is touched: the same rules as
     * {@link #bind}, except that a value still holding a template is only known to be given.
     *
     * @param module    the module's name, for the messages
     * @param where     where each argument (by the name written) is in the operator's file
     * @param at        where the task names its module: the place of errors about the task as a whole
     * @throws ArgumentException at the wrong argument's FILE:LINE:COLUMN
     */
    public void check(String module, Map<String, Object> written, Map<String, SourceLocation> where, SourceLocation at) {
        try {
            new ArgBinder(this, module, true).bind(written);
        } catch (ArgumentException e) {
            throw e.at(e.argument() == null ? at : where.getOrDefault(e.argument(), at));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction, so each module declares its arguments in a few readable lines. */
    public static final class Builder {
        private final Map<String, Arg> args = new LinkedHashMap<>();
        private String freeForm;
        private final List<Set<String>> exclusive = new java.util.ArrayList<>();
        private final List<Set<String>> oneOf = new java.util.ArrayList<>();
        private boolean openEnded;

        public Builder required(String name, Type type) {
            args.put(name, new Arg(name, type, true, null, Set.of(), Set.of()));
            return this;
        }

        public Builder optional(String name, Type type) {
            return optional(name, type, null);
        }

        public Builder optional(String name, Type type, Object defaultValue) {
            args.put(name, new Arg(name, type, false, defaultValue, Set.of(), Set.of()));
            return this;
        }

        public Builder choice(String name, Object defaultValue, String... choices) {
            args.put(name, new Arg(name, Type.STRING, false, defaultValue, Set.of(choices), Set.of()));
            return this;
        }

        public Builder alias(String name, String... aliases) {
            Arg arg = args.get(name);
            args.put(name, new Arg(arg.name(), arg.type(), arg.required(), arg.defaultValue(), arg.choices(), Set.of(aliases)));
            return this;
        }

        public Builder freeForm(String name) {
            this.freeForm = name;
            return this;
        }

        public Builder mutuallyExclusive(String... names) {
            exclusive.add(Set.of(names));
            return this;
        }

        public Builder requiredOneOf(String... names) {
            oneOf.add(Set.of(names));
            return this;
        }

        /** Accepts any further argument name, kept as given (for modules whose keys are data, like set_fact). */
        public Builder openEnded() {
            this.openEnded = true;
            return this;
        }

        public ArgSpec build() {
            return new ArgSpec(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args)), freeForm, List.copyOf(exclusive),
                    List.copyOf(oneOf), openEnded);
        }
    }
}
