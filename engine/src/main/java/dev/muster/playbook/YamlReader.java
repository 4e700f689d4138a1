package dev.muster.playbook;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.template.UnsafeText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML with snakeyaml's compose step (nodes, not objects) so that positions survive.
 * Scalars are typed like YAML 1.1 (as Ansible reads them): yes/no are booleans, 0644 is octal; {@code !unsafe} text
 * is marked never to be templated ({@link UnsafeText}).
 */
public final class YamlReader {

    private YamlReader() {
    }

    /** The document in {@code file}; an empty file gives an empty mapping. */
    public static YamlNode read(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(file, reader);
        } catch (NoSuchFileException e) {
            throw new MusterException(SourceLocation.of(file), "file not found");
        } catch (IOException e) {
            throw new MusterException(SourceLocation.of(file), "cannot read: " + e.getMessage());
        }
    }

    public static YamlNode parse(Path file, Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // we report duplicates ourselves, with their position
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            throw new MusterException(at(file, mark), "YAML syntax error: " + problem + context);
        } catch (YAMLException e) {
            throw new MusterException(SourceLocation.of(file), "YAML syntax error: " + e.getMessage());
        }
        if (root == null) {
            return new YamlNode.Mapping(Map.of(), Map.of(), new SourceLocation(file, 1, 1));
        }
        return convert(file, root, 0);
    }

    private static YamlNode convert(Path file, Node node, int depth) {
        if (depth > 200) {
            throw new MusterException(at(file, node.getStartMark()), "YAML nested too deeply (recursive alias?)");
        }
        SourceLocation location = at(file, node.getStartMark());
        if (node instanceof ScalarNode scalar) {
            return new YamlNode.Scalar(scalarValue(scalar), location);
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(file, item, depth + 1));
            }
            return new YamlNode.Sequence(List.copyOf(items), location);
        }
        MappingNode mapping = (MappingNode) node;
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, SourceLocation> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            SourceLocation keyAt = at(file, keyNode.getStartMark());
            if (!(keyNode instanceof ScalarNode keyScalar)) {
                throw new MusterException(keyAt, "mapping keys must be plain strings");
            }
            String key = keyScalar.getValue();
            YamlNode value = convert(file, tuple.getValueNode(), depth + 1);
            if (key.equals("<<") && keyScalar.getTag().equals(Tag.MERGE)) {
                mergeInto(entries, keys, value, keyAt);
                continue;
            }
            if (entries.containsKey(key) && keys.containsKey(key)) {
                throw new MusterException(keyAt, "duplicate key '" + key + "' (first at " + keys.get(key) + ")");
            }
            entries.put(key, value);
            keys.put(key, keyAt);
        }
        return new YamlNode.Mapping(entries, keys, location);
    }

    /** YAML merge keys ({@code <<: *defaults}): explicit keys win, so merged ones only fill gaps. */
    private static void mergeInto(Map<String, YamlNode> entries, Map<String, SourceLocation> keys, YamlNode merged, SourceLocation at) {
        List<YamlNode> sources = merged instanceof YamlNode.Sequence seq ? seq.items() : List.of(merged);
        for (YamlNode source : sources) {
            if (!(source instanceof YamlNode.Mapping map)) {
                throw new MusterException(at, "'<<' merges mappings only");
            }
            map.entries().forEach(entries::putIfAbsent);
        }
    }

    private static Object scalarValue(ScalarNode scalar) {
        String text = scalar.getValue();
        Tag tag = scalar.getTag();
        if (tag.getValue().equals("!unsafe")) {
            return UnsafeText.mark(text); // never templated, as Ansible's !unsafe
        }
        try {
            if (tag.equals(Tag.NULL)) {
                return null;
            }
            if (tag.equals(Tag.BOOL)) {
                return switch (text.toLowerCase()) {
                    case "true", "yes", "on", "y" -> Boolean.TRUE;
                    default -> Boolean.FALSE;
                };
            }
            if (tag.equals(Tag.INT)) {
                return integer(text);
            }
            if (tag.equals(Tag.FLOAT)) {
                return Double.valueOf(text.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            return text; // sexagesimal and other exotic forms stay text
        }
        return text;
    }

    private static Object integer(String text) {
        String digits = text.replace("_", "");
        boolean negative = digits.startsWith("-");
        if (digits.startsWith("-") || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        long value;
        if (digits.startsWith("0x")) {
            value = Long.parseLong(digits.substring(2), 16);
        } else if (digits.startsWith("0o")) {
            value = Long.parseLong(digits.substring(2), 8);
        } else if (digits.startsWith("0b")) {
            value = Long.parseLong(digits.substring(2), 2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            value = Long.parseLong(digits, 8);
        } else {
            value = Long.parseLong(digits);
        }
        value = negative ? -value : value;
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
    }

    private static SourceLocation at(Path file, Mark mark) {
        return mark == null ? SourceLocation.of(file) : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
