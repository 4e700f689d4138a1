package dev.muster.playbook;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords a play, role, block or import hands down to every task inside it. Pushing them
 * down when loading keeps the executor simple: a task carries everything that applies to it.
 * Each level writes a {@link Layer} that {@link #within} lays over the scope around it.
 */
public record Scope(List<Condition> when, Set<String> tags, Map<String, Object> vars, Map<String, Object> environment,
                    Settings settings, RoleContext role, Path baseDir) {

    /**
     * The keywords where the nearest level that sets one wins (null: not set here).
     *
     * @param remoteUser {@code remote_user}: whom to connect as where the host's variables name no {@code ansible_user}
     */
    public record Settings(Boolean become, String becomeUser, Boolean ignoreErrors, Boolean noLog, Boolean checkMode,
                           String delegateTo, Boolean runOnce, Boolean diff, String remoteUser) {

        public static final Settings NONE = new Settings(null, null, null, null, null, null, null, null, null);

        /** The settings of a level that sets none of the later keywords (delegate_to, run_once, diff, remote_user). */
        public Settings(Boolean become, String becomeUser, Boolean ignoreErrors, Boolean noLog, Boolean checkMode, String delegateTo,
                        Boolean runOnce) {
            this(become, becomeUser, ignoreErrors, noLog, checkMode, delegateTo, runOnce, null, null);
        }

        /** These settings where they are set, {@code outer}'s elsewhere. */
        Settings over(Settings outer) {
            return new Settings(pick(become, outer.become), pick(becomeUser, outer.becomeUser), pick(ignoreErrors, outer.ignoreErrors),
                    pick(noLog, outer.noLog), pick(checkMode, outer.checkMode), pick(delegateTo, outer.delegateTo),
                    pick(runOnce, outer.runOnce), pick(diff, outer.diff), pick(remoteUser, outer.remoteUser));
        }

        private static <T> T pick(T inner, T outer) {
            return inner != null ? inner : outer;
        }
    }

    /**
     * What one level writes for itself: its conditions and tags add to the enclosing ones, its vars and
     * environment override theirs by name, its settings override where set.
     */
    public record Layer(List<Condition> when, Set<String> tags, Map<String, Object> vars, Map<String, Object> environment,
                        Settings settings) {

        public static final Layer NONE = new Layer(List.of(), Set.of(), Map.of(), Map.of(), Settings.NONE);
    }

    public static Scope root(Path baseDir) {
        return new Scope(List.of(), Set.of(), Map.of(), Map.of(), Settings.NONE, null, baseDir);
    }

    /** The scope inside a level that writes {@code layer}. */
    public Scope within(Layer layer) {
        List<Condition> allWhen = new ArrayList<>(when);
        allWhen.addAll(layer.when());
        Set<String> allTags = new LinkedHashSet<>(tags);
        allTags.addAll(layer.tags());
        Map<String, Object> allVars = new LinkedHashMap<>(vars);
        allVars.putAll(layer.vars());
        Map<String, Object> allEnvironment = new LinkedHashMap<>(environment);
        allEnvironment.putAll(layer.environment());
        return new Scope(List.copyOf(allWhen), Set.copyOf(allTags), allVars, allEnvironment, layer.settings().over(settings), role, baseDir);
    }

    /** The same scope with its conditions taken out (a task keeps them apart, see {@link Task#when}). */
    public Scope withoutWhen() {
        return new Scope(List.of(), tags, vars, environment, settings, role, baseDir);
    }

    /** The scope of a role's tasks: the role's own context, relative names found in its {@code tasks/}, no play-level vars. */
    public Scope withRole(RoleContext newRole, Path newBaseDir) {
        return new Scope(when, tags, Map.of(), environment, settings, newRole, newBaseDir);
    }

    /** The same scope for a file read from another directory. */
    public Scope withBaseDir(Path newBaseDir) {
        return new Scope(when, tags, vars, environment, settings, role, newBaseDir);
    }

    public Boolean become() {
        return settings.become();
    }

    public String becomeUser() {
        return settings.becomeUser();
    }

    public Boolean ignoreErrors() {
        return settings.ignoreErrors();
    }

    public Boolean noLog() {
        return settings.noLog();
    }

    public Boolean checkMode() {
        return settings.checkMode();
    }

    public String delegateTo() {
        return settings.delegateTo();
    }

    public Boolean runOnce() {
        return settings.runOnce();
    }

    /** The {@code remote_user} keyword, or null where no level sets it. */
    public String remoteUser() {
        return settings.remoteUser();
    }

    /** The {@code diff} keyword, or null where no level sets it (then --diff decides). */
    public Boolean diff() {
        return settings.diff();
    }
}
