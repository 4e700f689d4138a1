package dev.muster.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/** The one checker of JSON request fields: required and optional strings, booleans, names, and unknown keys. */
public final class Fields {
    /** Names of projects, inventories and credentials: they appear in paths and directories. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Fields() {
    }

    /** 400 naming the first key of {@code body} that is not in {@code known}: a typo is never ignored. */
    public static void onlyKnown(JsonNode body, Set<String> known) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw ApiError.badRequest("unknown field '" + k + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    public static String requiredText(JsonNode body, String field) {
        String v = optionalText(body, field);
        if (v == null || v.isEmpty()) {
            throw ApiError.badRequest("'" + field + "' is required");
        }
        return v;
    }

    public static String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw ApiError.badRequest("'" + field + "' must be a string");
        }
        return n.asText();
    }

    public static boolean optionalBoolean(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw ApiError.badRequest("'" + field + "' must be true or false");
        }
        return n.asBoolean();
    }

    public static String name(JsonNode body, String field) {
        String v = requiredText(body, field);
        checkName(field, v);
        return v;
    }

    public static void checkName(String what, String v) {
        if (!NAME.matcher(v).matches()) {
            throw ApiError.badRequest("'" + what + "' must be a name of letters, digits, '.', '_', '-' (at most 100), got '"
                    + v + "'");
        }
    }
}
