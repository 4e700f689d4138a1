package dev.muster.template.ansible;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * JSON and YAML in and out, laid out byte for byte as Python's json.dumps and PyYAML's dump (SnakeYAML is a
 * port of PyYAML's emitter; Python's float repr and key order are added here).
 */
final class DataFilters {
    private DataFilters() {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("to_json", "indent sort_keys separators ensure_ascii **", (v, a) -> json(v, a, null, false)),
                AnsibleFilter.of("to_nice_json", "indent sort_keys separators ensure_ascii **", (v, a) -> json(v, a, 4L, true)),
                AnsibleFilter.of("tojson", "indent", (v, a) -> PyJson.dumps(v, a.get("indent", null), true, null, true, a.name())
                        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")),
                AnsibleFilter.of("from_json", "**", (v, a) -> fromJson(v, a)),
                AnsibleFilter.of("to_yaml", "indent width default_flow_style sort_keys explicit_start explicit_end", (v, a) -> yaml(v, a, false)),
                AnsibleFilter.of("to_nice_yaml", "indent width sort_keys explicit_start explicit_end", (v, a) -> yaml(v, a, true)),
                AnsibleFilter.of("from_yaml", "", (v, a) -> v instanceof CharSequence s ? fromYaml(s.toString(), a) : v),
                AnsibleFilter.of("from_yaml_all", "", (v, a) -> {
                    if (!(v instanceof CharSequence s)) {
                        return v;
                    }
                    List<Object> docs = new ArrayList<>();
                    try {
                        loader().loadAll(s.toString()).forEach(d -> docs.add(normalize(d)));
                    } catch (RuntimeException e) {
                        throw new FilterError(a.name(), firstLine(e.getMessage()));
                    }
                    return docs;
                }));
    }

    private static Object json(Object v, Args a, Long niceIndent, boolean nice) {
        for (String key : a.extra().keySet()) {
            throw new FilterError(a.name(), "the keyword argument '" + key + "' is not supported by Muster");
        }
        Object indent = a.get("indent", niceIndent);
        boolean sortKeys = a.bool("sort_keys", nice);
        Object separators = a.get("separators", nice ? List.of(",", ": ") : null);
        return PyJson.dumps(v, indent, sortKeys, separators, a.bool("ensure_ascii", true), a.name());
    }

    private static Object fromJson(Object v, Args a) {
        if (!a.extra().isEmpty()) {
            throw new FilterError(a.name(), "the keyword argument '" + a.extra().keySet().iterator().next() + "' is not supported by Muster");
        }
        if (!(v instanceof CharSequence s)) {
            throw new FilterError(a.name(), "the JSON object must be str, bytes or bytearray, not " + Py.typeName(v));
        }
        try {
            return normalize(JSON.readValue(s.toString(), Object.class));
        } catch (JsonProcessingException e) {
            throw new FilterError(a.name(), firstLine(e.getOriginalMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Loaded values as Jinjava's: Long for every integer, Double for every float. */
    static Object normalize(Object v) {
        if (v instanceof Integer i) {
            return i.longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof java.math.BigInteger b && b.bitLength() < 64) {
            return b.longValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(normalize(k), normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        return v;
    }

    private static Yaml loader() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private static Object fromYaml(String s, Args a) {
        try {
            return normalize(loader().load(s));
        } catch (RuntimeException e) {
            throw new FilterError(a.name(), firstLine(e.getMessage()));
        }
    }

    /** yaml.dump(a, allow_unicode=True, ...): to_yaml's flow style for leaf collections, to_nice_yaml's block style and indent 4. */
    private static Object yaml(Object v, Args a, boolean nice) {
        DumperOptions options = new DumperOptions();
        options.setAllowUnicode(true);
        options.setIndent(a.integer("indent", nice ? 4L : 2L).intValue());
        options.setIndicatorIndent(0);
        options.setWidth(a.integer("width", 80L).intValue());
        options.setSplitLines(true);
        options.setExplicitStart(a.bool("explicit_start", false));
        options.setExplicitEnd(a.bool("explicit_end", false));
        Object flow = a.get("default_flow_style", null);
        options.setDefaultFlowStyle(nice ? DumperOptions.FlowStyle.BLOCK
                : flow == null ? DumperOptions.FlowStyle.AUTO : Py.truthy(flow) ? DumperOptions.FlowStyle.FLOW : DumperOptions.FlowStyle.BLOCK);
        Object data = Py.plain(v);
        if (a.bool("sort_keys", true)) {
            data = sorted(data, a.name());
        }
        try {
            return new Yaml(new PyRepresenter(options), options).dump(data);
        } catch (RuntimeException e) {
            throw new FilterError(a.name(), e.getMessage());
        }
    }

    /** PyYAML sorts mapping keys by default (sort_keys=True). */
    private static Object sorted(Object v, String name) {
        if (v instanceof Map<?, ?> m) {
            List<Object> keys = new ArrayList<>(m.keySet());
            keys.sort((x, y) -> Py.compare(x, y, name));
            Map<Object, Object> out = new LinkedHashMap<>();
            keys.forEach(k -> out.put(k, sorted(m.get(k), name)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sorted(x, name)));
            return out;
        }
        return v;
    }

    /** Floats as PyYAML writes them (Python's repr, lower case, ".inf", ".nan"); everything else as SnakeYAML does. */
    private static final class PyRepresenter extends Representer {
        PyRepresenter(DumperOptions options) {
            super(options);
            Represent floats = data -> {
                double d = ((Number) data).doubleValue();
                String text;
                if (Double.isNaN(d)) {
                    text = ".nan";
                } else if (Double.isInfinite(d)) {
                    text = d > 0 ? ".inf" : "-.inf";
                } else {
                    text = Py.floatRepr(d).toLowerCase();
                    if (!text.contains(".") && text.contains("e")) {
                        text = text.replace("e", ".0e");
                    }
                }
                return representScalar(Tag.FLOAT, text);
            };
            this.representers.put(Double.class, floats);
            // PyYAML never chooses a literal block for a multi-line string: plain if it can, else quoted
            this.representers.put(String.class, data -> representScalar(Tag.STR, data.toString(), DumperOptions.ScalarStyle.PLAIN));
            this.representers.put(java.math.BigDecimal.class, floats);
        }
    }
}
