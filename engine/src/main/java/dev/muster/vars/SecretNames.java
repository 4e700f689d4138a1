package dev.muster.vars;

import java.util.Locale;
import java.util.regex.Pattern;

/** Which variable names hold secrets: their values are masked in every output. */
public final class SecretNames {

    private static final Pattern SECRET = Pattern.compile("password|passwd|secret|cookie|token|key");

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        return name != null && SECRET.matcher(name.toLowerCase(Locale.ROOT)).find();
    }
}
