package dev.muster.report;

import dev.muster.shell.Shell;
import dev.muster.vars.SecretNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hides secrets in everything the engine prints or logs. It learns the values of variables whose
 * names say they are secret (password, secret, cookie, token, key) as the run discovers them, and
 * replaces every occurrence, raw or shell-quoted, by {@link #MASK}. The event pipeline applies it
 * once, before any listener sees an event, so no output path can forget it.
 * Values shorter than three characters and true/false/yes/no are not learnt: masking them would
 * garble output without protecting anything.
 */
public final class Masker {

    public static final String MASK = "********";
    private static final Set<String> TRIVIAL = Set.of("true", "false", "yes", "no", "none", "null", "");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private volatile List<String> ordered = List.of();

    /** Learns one secret value (and its shell-quoted form, as it appears in -vvv script dumps). */
    public void add(String secret) {
        if (secret == null || secret.length() < 3 || TRIVIAL.contains(secret.toLowerCase())) {
            return;
        }
        boolean grew = secrets.add(secret);
        String quoted = Shell.quote(secret);
        grew |= !quoted.equals(secret) && secrets.add(quoted);
        String inner = secret.replace("'", "'\\''");
        grew |= !inner.equals(secret) && secrets.add(inner);
        if (grew) {
            List<String> sorted = new ArrayList<>(secrets);
            sorted.sort(Comparator.comparingInt(String::length).reversed()); // longest first: a secret may contain another
            ordered = List.copyOf(sorted);
        }
    }

    /** Learns the values of every secret-named variable in {@code vars}, at any depth. */
    public void learn(Map<String, ?> vars) {
        vars.forEach((name, value) -> learnValue(name, value, SecretNames.isSecret(name), 0));
    }

    /** Learns one named value, e.g. a variable being set by set_fact or register. */
    public void learn(String name, Object value) {
        learnValue(name, value, SecretNames.isSecret(name), 0);
    }

    private void learnValue(String name, Object value, boolean secret, int depth) {
        if (depth > 20) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> learnValue(String.valueOf(k), v, secret || SecretNames.isSecret(String.valueOf(k)), depth + 1));
        } else if (value instanceof List<?> list) {
            list.forEach(item -> learnValue(name, item, secret, depth + 1));
        } else if (secret && value != null && !(value instanceof Boolean)) {
            add(String.valueOf(value));
        }
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : ordered) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }

    /** A copy of {@code value} with every string masked and every secret-named entry replaced. */
    public Object maskDeep(Object value) {
        if (value instanceof String text) {
            return mask(text);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                boolean hide = SecretNames.isSecret(key) && v != null && !(v instanceof Map) && !(v instanceof List) && !(v instanceof Boolean);
                copy.put(key, hide ? MASK : maskDeep(v));
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(maskDeep(item)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> maskMap(Map<String, Object> map) {
        return map == null ? null : (Map<String, Object>) maskDeep(map);
    }
}
