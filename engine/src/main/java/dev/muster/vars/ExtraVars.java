package dev.muster.vars;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.playbook.QuotedWords;
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
        throw new MusterException(null, "-e " + option + ": expected a mapping of variables", Failure.BAD_REQUEST, null);
    }

    private static Map<String, Object> keyValues(String text) {
        QuotedWords.KeyValues parsed;
        try {
            parsed = QuotedWords.parse(text, key -> true);
        } catch (QuotedWords.UnbalancedQuote e) {
            throw new MusterException(null, "-e " + e.getMessage(), Failure.BAD_REQUEST, null);
        }
        if (parsed.raw() != null) {
            throw new MusterException(null, "-e expects key=value, @file or {json}, not '" + parsed.raw() + "'", Failure.BAD_REQUEST, null);
        }
        return new LinkedHashMap<>(parsed.options());
    }
}
