package dev.muster.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Prints inventory data the way ansible-inventory does: JSON as Python's
 * {@code json.dumps(sort_keys=True, indent=4, ensure_ascii=False)} writes it (keys sorted, 4 spaces,
 * {@code "key": value}, {@code []} for empty lists, floats as Python repr), or block YAML with sorted keys.
 */
public final class InventoryOutput {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Double.class, new PythonFloatSerializer()));
    private static final DefaultPrettyPrinter PRETTY = pythonStylePrinter();

    private InventoryOutput() {
    }

    private static DefaultPrettyPrinter pythonStylePrinter() {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }

    /**
     * Python sorts keys only when every mapping's keys compare (all text, or all numbers); one dict
     * literal like {@code {1: 'a', 'b': 2}} makes ansible-inventory print everything unsorted.
     */
    public static String json(Object data) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(normalize(data, sortable(data)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("inventory data cannot be written as JSON", e);
        }
    }

    public static String yaml(Object data) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setAllowUnicode(true);
        options.setSplitLines(false);
        // PyYAML's resolver decides which strings need quotes (1e5 is plain text there, not a float).
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options,
                new LoaderOptions(), new DataFiles.PyYamlResolver());
        return yaml.dump(normalize(data, true));
    }

    /** Maps get Python's JSON key text and sorted order; tuples and sets are already lists. */
    static Object normalize(Object value, boolean sort) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = sort ? new TreeMap<>() : new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(keyText(k), normalize(v, sort)));
            return new LinkedHashMap<>(out);
        }
        if (value instanceof Collection<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(normalize(item, sort)));
            return out;
        }
        return value;
    }

    static boolean sortable(Object value) {
        if (value instanceof Map<?, ?> map) {
            boolean text = false;
            boolean number = false;
            boolean none = false;
            for (Object key : map.keySet()) {
                text |= key instanceof String;
                number |= key instanceof Number || key instanceof Boolean;
                none |= key == null;
            }
            if ((text ? 1 : 0) + (number ? 1 : 0) + (none ? 1 : 0) > 1 || none && map.size() > 1) {
                return false;
            }
            return map.values().stream().allMatch(InventoryOutput::sortable);
        }
        if (value instanceof Collection<?> list) {
            return list.stream().allMatch(InventoryOutput::sortable);
        }
        return true;
    }

    private static String keyText(Object key) {
        if (key == null) {
            return "null";
        }
        if (key instanceof Double d) {
            return PythonFloatSerializer.text(d);
        }
        return String.valueOf(key);
    }

    /** Python's json module writes floats with repr and spells infinities as JavaScript does. */
    static final class PythonFloatSerializer extends StdSerializer<Double> {
        PythonFloatSerializer() {
            super(Double.class);
        }

        static String text(double d) {
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "Infinity" : "-Infinity";
            }
            return PythonText.floatRepr(d);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(text(value));
        }
    }
}
