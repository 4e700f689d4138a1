package dev.muster.vars;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import dev.muster.playbook.YamlNode;
import dev.muster.playbook.YamlReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -e} values, highest precedence of all: {@code k=v k2='a b'}, {@code @file.yml} or inline
 * JSON/YAML {@code {"k": 1}}. Later {@code -e} win over earlier ones.
 */
public final class ExtraVars {

    private ExtraVars() {
    }

    public static Map<String, Object> parse(List<String> options) {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String option : options) {
            String text = option.trim();
            if (text.startsWith("@")) {
                vars.putAll(mapping(YamlReader.read(Path.of(text.substring(1))), text));
            } else if (text.startsWith("{")) {
                vars.putAll(mapping(YamlReader.parse(Path.of("<-e>"), new StringReader(text)), text));
            } else if (!text.isEmpty()) {
                vars.putAll(keyValues(text));
            }
        }
        return vars;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(YamlNode node, String option) {
        if (node instanceof YamlNode.Mapping map) {
            return (Map<String, Object>) map.toPlain();
        }
        throw new MusterException(null, "-e " + option + ": expected a mapping of variables", ExitCodes.BAD_OPTIONS, null);
    }

    private static Map<String, Object> keyValues(String text) {
        Map<String, Object> vars = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (i < text.length() && (quote != 0 || !Character.isWhitespace(text.charAt(i)))) {
                char c = text.charAt(i++);
                if (quote == 0 && (c == '\'' || c == '"')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            }
            int eq = word.indexOf("=");
            if (eq <= 0) {
                throw new MusterException(null, "-e expects key=value, @file or {json}, not '" + word + "'", ExitCodes.BAD_OPTIONS, null);
            }
            vars.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return vars;
    }
}
