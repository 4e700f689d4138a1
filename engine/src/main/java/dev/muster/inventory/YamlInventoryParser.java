package dev.muster.inventory;

import dev.muster.error.MusterException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Ansible's YAML inventory ({@code all: {hosts, vars, children}}, any group at the top level): groups
 * are mappings of {@code hosts}, {@code vars} and {@code children}; a host maps to its variables or
 * nothing. Where Ansible warns and skips (a group that is not a mapping, an unknown key), this is an
 * error at FILE:LINE:COLUMN, because a skipped group silently changes what a play targets.
 */
final class YamlInventoryParser {

    private static final List<String> SECTIONS = List.of("vars", "children", "hosts");

    private final DataFiles.Document doc;
    private final InventoryGraph graph;

    private YamlInventoryParser(DataFiles.Document doc, InventoryGraph graph) {
        this.doc = doc;
        this.graph = graph;
    }

    static void parse(DataFiles.Document doc, InventoryGraph graph) {
        new YamlInventoryParser(doc, graph).parseTop();
    }

    private MusterException error(Node node, String message) {
        return new MusterException(doc.where(node), message);
    }

    private void parseTop() {
        Node root = doc.root();
        if (root == null) {
            throw new MusterException(dev.muster.error.SourceLocation.of(doc.file()), "the YAML inventory is empty");
        }
        if (!(root instanceof MappingNode top)) {
            throw error(root, "a YAML inventory must be a mapping of group names, got " + kind(root));
        }
        for (NodeTuple entry : mergedTuples(top)) {
            if ("plugin".equals(scalarText(entry.getKeyNode()))) {
                throw error(entry.getKeyNode(), "inventory plugin configuration files are not supported, only static inventories");
            }
            parseGroup(entry.getKeyNode(), entry.getValueNode());
        }
    }

    private String parseGroup(Node nameNode, Node body) {
        String name = groupName(nameNode);
        if (!(body instanceof MappingNode) && !isNull(body)) {
            throw error(body, "group '" + name + "' must be a mapping of hosts, vars and children, got " + kind(body));
        }
        try {
            graph.addGroup(name);
        } catch (BadInventory bad) {
            throw error(nameNode, bad.getMessage());
        }
        if (isNull(body)) {
            return name;
        }
        for (NodeTuple entry : mergedTuples((MappingNode) body)) {
            String key = scalarText(entry.getKeyNode());
            Node value = entry.getValueNode();
            if (!SECTIONS.contains(key)) {
                throw error(entry.getKeyNode(), "unexpected key '" + key + "' in group '" + name
                        + "': only hosts, vars and children are valid");
            }
            if (isNull(value)) {
                continue;
            }
            Map<Node, Node> items = sectionItems(name, key, value);
            switch (key) {
                case "vars" -> items.forEach((k, v) -> {
                    try {
                        graph.setGroupVariable(name, variableName(k), v == null ? null : doc.value(v));
                    } catch (BadInventory bad) {
                        throw error(v, bad.getMessage());
                    }
                });
                case "children" -> items.forEach((k, v) -> {
                    String child = parseGroup(k, v);
                    try {
                        graph.addChild(name, child);
                    } catch (BadInventory bad) {
                        throw error(k, bad.getMessage());
                    }
                });
                default -> items.forEach((k, v) -> parseHost(name, k, v));
            }
        }
        return name;
    }

    private void parseHost(String group, Node patternNode, Node varsNode) {
        if (!(patternNode instanceof ScalarNode) || !(doc.value(patternNode) instanceof String pattern)) {
            throw error(patternNode, "host pattern must be a string: enclose numbers in quotation marks");
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        if (!isNull(varsNode)) {
            if (!(varsNode instanceof MappingNode mapping)) {
                throw error(varsNode, "variables of host '" + pattern + "' must be a mapping, got " + kind(varsNode));
            }
            for (NodeTuple entry : mergedTuples(mapping)) {
                variables.put(variableName(entry.getKeyNode()), doc.value(entry.getValueNode()));
            }
        }
        try {
            HostEntry.Expansion expansion = HostEntry.expand(pattern);
            for (String host : expansion.hosts()) {
                graph.addHost(host, group, expansion.port(), doc.file());
                variables.forEach((k, v) -> graph.setHostVariable(host, k, v));
            }
        } catch (BadInventory bad) {
            throw error(patternNode, bad.getMessage());
        }
    }

    /** A section is a mapping; a bare string means a mapping of that one name to nothing, as in Ansible. */
    private Map<Node, Node> sectionItems(String group, String section, Node value) {
        Map<Node, Node> items = new LinkedHashMap<>();
        if (value instanceof ScalarNode) {
            items.put(value, null);
            return items;
        }
        if (!(value instanceof MappingNode mapping)) {
            throw error(value, "'" + section + "' of group '" + group + "' must be a mapping, got " + kind(value));
        }
        for (NodeTuple entry : mergedTuples(mapping)) {
            items.put(entry.getKeyNode(), entry.getValueNode());
        }
        return items;
    }

    private String groupName(Node node) {
        if (!(node instanceof ScalarNode) || !(doc.value(node) instanceof String name)) {
            throw error(node, "a group name must be a string");
        }
        return name;
    }

    private String variableName(Node node) {
        Object key = doc.value(node);
        return String.valueOf(key);
    }

    /** Mapping entries with YAML merge keys ({@code <<}) applied, later keys replacing earlier ones. */
    private List<NodeTuple> mergedTuples(MappingNode mapping) {
        Map<Object, NodeTuple> byKey = new LinkedHashMap<>();
        for (NodeTuple entry : mapping.getValue()) {
            if (entry.getKeyNode().getTag().equals(org.yaml.snakeyaml.nodes.Tag.MERGE)) {
                Node merged = entry.getValueNode();
                List<Node> sources = merged instanceof org.yaml.snakeyaml.nodes.SequenceNode seq ? seq.getValue() : List.of(merged);
                for (Node source : sources) {
                    if (source instanceof MappingNode sourceMap) {
                        for (NodeTuple inherited : mergedTuples(sourceMap)) {
                            byKey.putIfAbsent(doc.value(inherited.getKeyNode()), inherited);
                        }
                    }
                }
                continue;
            }
            byKey.put(doc.value(entry.getKeyNode()), entry);
        }
        return List.copyOf(byKey.values());
    }

    private String scalarText(Node node) {
        return node instanceof ScalarNode scalar ? scalar.getValue() : String.valueOf(doc.value(node));
    }

    private boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode && doc.value(node) == null;
    }

    private static String kind(Node node) {
        return switch (node.getNodeId()) {
            case scalar -> "a scalar '" + ((ScalarNode) node).getValue() + "'";
            case sequence -> "a list";
            case mapping -> "a mapping";
            default -> "an alias";
        };
    }
}
