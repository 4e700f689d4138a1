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
 */
public record Scope(List<Condition> when, Set<String> tags, Boolean become, String becomeUser, Map<String, Object> vars,
                    Map<String, Object> environment, Boolean ignoreErrors, Boolean noLog, Boolean checkMode, String delegateTo,
                    Boolean runOnce, RoleContext role, Path baseDir) {

    public static Scope root(Path baseDir) {
        return new Scope(List.of(), Set.of(), null, null, Map.of(), Map.of(), null, null, null, null, null, null, baseDir);
    }

    public Scope withWhen(List<Condition> more) {
        List<Condition> all = new ArrayList<>(when);
        all.addAll(more);
        return new Scope(List.copyOf(all), tags, become, becomeUser, vars, environment, ignoreErrors, noLog, checkMode, delegateTo, runOnce, role, baseDir);
    }

    public Scope withoutWhen() {
        return new Scope(List.of(), tags, become, becomeUser, vars, environment, ignoreErrors, noLog, checkMode, delegateTo, runOnce, role, baseDir);
    }

    public Scope withTags(Set<String> more) {
        Set<String> all = new LinkedHashSet<>(tags);
        all.addAll(more);
        return new Scope(when, Set.copyOf(all), become, becomeUser, vars, environment, ignoreErrors, noLog, checkMode, delegateTo, runOnce, role, baseDir);
    }

    public Scope withVars(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(vars);
        all.putAll(more);
        return new Scope(when, tags, become, becomeUser, all, environment, ignoreErrors, noLog, checkMode, delegateTo, runOnce, role, baseDir);
    }

    public Scope withEnvironment(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(environment);
        all.putAll(more);
        return new Scope(when, tags, become, becomeUser, vars, all, ignoreErrors, noLog, checkMode, delegateTo, runOnce, role, baseDir);
    }

    public Scope withKeywords(Boolean newBecome, String newBecomeUser, Boolean newIgnore, Boolean newNoLog, Boolean newCheck,
                              String newDelegate, Boolean newRunOnce) {
        return new Scope(when, tags, pick(newBecome, become), pick(newBecomeUser, becomeUser), vars, environment,
                pick(newIgnore, ignoreErrors), pick(newNoLog, noLog), pick(newCheck, checkMode), pick(newDelegate, delegateTo),
                pick(newRunOnce, runOnce), role, baseDir);
    }

    public Scope withRole(RoleContext newRole, Path newBaseDir) {
        return new Scope(when, tags, become, becomeUser, Map.of(), environment, ignoreErrors, noLog, checkMode, delegateTo, runOnce, newRole, newBaseDir);
    }

    public Scope withBaseDir(Path newBaseDir) {
        return new Scope(when, tags, become, becomeUser, vars, environment, ignoreErrors, noLog, checkMode, delegateTo, runOnce, role, newBaseDir);
    }

    private static <T> T pick(T inner, T outer) {
        return inner != null ? inner : outer;
    }
}
