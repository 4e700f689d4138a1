package dev.muster.inventory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML and JSON data files (YAML inventories, group_vars, host_vars) as Ansible's loader does:
 * JSON first, then YAML 1.1 with PyYAML's implicit types (so {@code 1e5} stays a string and
 * {@code yes} is true). Keeps node positions so callers can say FILE:LINE:COLUMN.
 */
final class DataFiles {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    private DataFiles() {
    }

    /** A parsed document: its node tree (null for an empty file) and how to turn nodes into values. */
    record Document(Path file, Node root, ValueConstructor values) {
        Object value(Node node) {
            try {
                return values.toValue(node);
            } catch (YAMLException e) {
                String problem = e instanceof MarkedYAMLException marked && marked.getProblem() != null
                        ? marked.getProblem() : e.getMessage();
                throw new MusterException(where(node), "YAML value cannot be read: " + problem);
            }
        }

        SourceLocation where(Node node) {
            Mark mark = node.getStartMark();
            return new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
        }
    }

    static String readText(Path file) {
        if (!Files.exists(file)) {
            throw new MusterException(SourceLocation.of(file), "inventory source does not exist",
                    dev.muster.error.Failure.BAD_INPUT, null);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MusterException(SourceLocation.of(file), "not valid UTF-8 text");
        } catch (IOException e) {
            throw new MusterException(SourceLocation.of(file), "cannot read: " + e.getMessage());
        }
    }

    static Document load(Path file) {
        return parse(file, readText(file));
    }

    static Document parse(Path file, String text) {
        if (text.startsWith("$ANSIBLE_VAULT;")) {
            throw new MusterException(SourceLocation.of(file, 1),
                    "Ansible Vault encrypted files are not supported; decrypt it (ansible-vault decrypt) first");
        }
        boolean json = isJson(text);
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        ValueConstructor constructor = new ValueConstructor(options);
        Yaml yaml = new Yaml(constructor, new org.yaml.snakeyaml.representer.Representer(
                new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), options,
                json ? new JsonResolver() : new PyYamlResolver());
        try {
            Node root = yaml.compose(new java.io.StringReader(text));
            return new Document(file, root, constructor);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            SourceLocation where = mark == null ? SourceLocation.of(file)
                    : new SourceLocation(file, mark.getLine() + 1, mark.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            throw new MusterException(where, "YAML does not parse: " + context + problem);
        } catch (YAMLException e) {
            throw new MusterException(SourceLocation.of(file), "YAML does not parse: " + e.getMessage());
        }
    }

    private static boolean isJson(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty() || "{[\"".indexOf(trimmed.charAt(0)) < 0 && !Character.isDigit(trimmed.charAt(0))) {
            return false;
        }
        try {
            JSON.readTree(text);
            return true;
        } catch (IOException notJson) {
            return false;
        }
    }

    /** SafeConstructor made public per node, with Ansible's {@code !unsafe} and dates as ISO text. */
    static final class ValueConstructor extends SafeConstructor {
        ValueConstructor(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return isoTimestamp(((ScalarNode) node).getValue());
                }
            });
            this.yamlConstructors.put(new Tag("!unsafe"), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return node instanceof ScalarNode scalar ? dev.muster.template.UnsafeText.mark(scalar.getValue()) : constructObject(retag(node));
                }
            });
        }

        private static final Pattern TIMESTAMP = Pattern.compile(
                "([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]|[ \\t]+)([0-9]{1,2}):([0-9]{2}):([0-9]{2})"
                        + "(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9]{1,2})(?::([0-9]{2}))?))?)?");

        /**
         * Ansible prints YAML dates the way Python's isoformat writes the date or datetime PyYAML built:
         * {@code 2024-01-31}, {@code 2001-12-14T21:59:43.100000-05:00}; dates stay text here.
         */
        static String isoTimestamp(String text) {
            java.util.regex.Matcher m = TIMESTAMP.matcher(text);
            if (!m.matches()) {
                return text;
            }
            String date = String.format("%04d-%02d-%02d", Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            if (m.group(4) == null) {
                return date;
            }
            StringBuilder out = new StringBuilder(date).append('T').append(String.format("%02d:%s:%s",
                    Integer.parseInt(m.group(4)), m.group(5), m.group(6)));
            String fraction = m.group(7) == null ? "" : m.group(7);
            fraction = (fraction.length() > 6 ? fraction.substring(0, 6) : fraction + "0".repeat(6 - fraction.length()));
            if (Integer.parseInt(fraction) != 0) {
                out.append('.').append(fraction);
            }
            if (m.group(8) != null) {
                if (m.group(8).equals("Z")) {
                    out.append("+00:00");
                } else {
                    out.append(m.group(9)).append(String.format("%02d:%s", Integer.parseInt(m.group(10)),
                            m.group(11) == null ? "00" : m.group(11)));
                }
            }
            return out.toString();
        }

        private static Node retag(Node node) {
            node.setTag(node instanceof org.yaml.snakeyaml.nodes.MappingNode ? Tag.MAP : Tag.SEQ);
            return node;
        }

        Object toValue(Node node) {
            return constructObject(node);
        }
    }

    /** PyYAML's implicit resolvers (YAML 1.1), which differ from SnakeYAML's on floats such as {@code 1e5}. */
    static final class PyYamlResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile(
                    "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"), "yYnNtTfFoO");
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                            + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$"),
                    "-+0123456789.");
            addImplicitResolver(Tag.INT, Pattern.compile(
                    "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
                            + "|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"), "-+0123456789");
            addImplicitResolver(Tag.MERGE, Pattern.compile("^(?:<<)$"), "<");
            // PyYAML resolves a bare '=' to the 'value' tag, which nothing can construct: Ansible rejects it too.
            addImplicitResolver(new Tag(Tag.PREFIX + "value"), Pattern.compile("^(?:=)$"), "=");
            addImplicitResolver(Tag.NULL, Pattern.compile("^(?:~|null|Null|NULL|)$"), "~nN\0");
            addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
            addImplicitResolver(Tag.TIMESTAMP, Pattern.compile(
                    "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
                            + "(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?"
                            + "(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"), "0123456789");
        }
    }

    /** A file that parsed as JSON: its bare words are JSON's numbers, true, false and null. */
    static final class JsonResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, Pattern.compile("^(?:true|false)$"), "tf");
            addImplicitResolver(Tag.INT, Pattern.compile("^-?(?:0|[1-9][0-9]*)$"), "-0123456789");
            addImplicitResolver(Tag.FLOAT, Pattern.compile(
                    "^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$|^-?Infinity$|^NaN$"), "-0123456789IN");
            addImplicitResolver(Tag.NULL, Pattern.compile("^null$"), "n");
        }
    }
}
