package dev.muster.vars;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Which variable names hold secrets: their values are masked in every output. */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile("password|passwd|secret|cookie|token|key");
    /**
     * Answers so far: the masker asks for every key of every result (a stat result has 40), and the same few hundred
     * names come back all run long. Bounded, since a long-lived node service sees any key a result may hold.
     */
    private static final Map<String, Boolean> ANSWERS = new ConcurrentHashMap<>();
    private static final int REMEMBERED = 4096;

    private SecretNames() {
    }

    /**
     * A name with a secret-looking part (ssh_key, db_password, api_token). The bare name {@code key} is not one: it is
     * the field dict2items, items2dict, with_dict and {@code dict | dictsort} give every entry, so masking it hid every
     * dictionary's keys in loop labels and registered results ({@code {'key': '********', 'value': 80}}).
     */
    public static boolean isSecret(String name) {
        if (name == null) {
            return false;
        }
        Boolean known = ANSWERS.get(name);
        if (known != null) {
            return known;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        boolean secret = !lower.equals("key") && SECRET.matcher(lower).find();
        if (ANSWERS.size() >= REMEMBERED) {
            ANSWERS.clear();
        }
        ANSWERS.put(name, secret);
        return secret;
    }
}
