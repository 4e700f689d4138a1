package dev.muster.vars;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which variable names hold secrets: their values are masked in every output. */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile("password|passwd|secret|cookie|token|key");

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
        String lower = name.toLowerCase(Locale.ROOT);
        return !lower.equals("key") && SECRET.matcher(lower).find();
    }
}
