package dev.muster.inventory;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory dialect, read line by line into an {@link InventoryGraph}: hosts with inline
 * {@code key=value} (shlex-quoted, values typed as Python literals after the quotes are removed),
 * {@code [group]}, {@code [group:vars]} (value is the raw text after {@code =}, typed as a Python
 * literal with its quotes), {@code [group:children]} with forward references. Unlike Ansible, any
 * line it cannot read is an error at FILE:LINE instead of a warning.
 */
final class IniInventoryParser {

    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$",
            Pattern.UNICODE_CHARACTER_CLASS);

    private record Pending(int line, String state, List<String> parents) {
    }

    private final Path file;
    private final InventoryGraph graph;
    private int lineNo;

    private IniInventoryParser(Path file, InventoryGraph graph) {
        this.file = file;
        this.graph = graph;
    }

    static void parse(Path file, List<String> lines, InventoryGraph graph) {
        new IniInventoryParser(file, graph).parse(lines);
    }

    private MusterException error(String message) {
        return new MusterException(SourceLocation.of(file, lineNo), message);
    }

    private void parse(List<String> lines) {
        Map<String, Pending> pending = new LinkedHashMap<>();
        String group = "ungrouped";
        String state = "hosts";
        lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') {
                continue;
            }
            try {
                Matcher section = SECTION.matcher(line);
                if (section.matches()) {
                    group = section.group(1);
                    state = section.group(2) == null ? "hosts" : section.group(2);
                    if (!List.of("hosts", "children", "vars").contains(state)) {
                        throw error("section [" + group + ":" + state + "] has unknown type '" + state
                                + "' (expected hosts, children or vars)");
                    }
                    if (!graph.groups.containsKey(group)) {
                        if (state.equals("vars") && !pending.containsKey(group)) {
                            pending.put(group, new Pending(lineNo, state, new ArrayList<>()));
                        }
                        graph.addGroup(group);
                    }
                    Pending waiting = pending.get(group);
                    if (waiting != null && !state.equals("vars")) {
                        if (waiting.state().equals("children")) {
                            addPendingChildren(group, pending);
                        } else {
                            pending.remove(group);
                        }
                    }
                    continue;
                }
                if (line.startsWith("[")) {
                    if (line.indexOf(']') < 0) {
                        throw error("unclosed section header: " + line);
                    }
                    if (line.endsWith("]")) {
                        throw error("invalid section header '" + line
                                + "': expected [group], [group:vars] or [group:children], with no spaces");
                    }
                }
                switch (state) {
                    case "hosts" -> parseHostLine(line, group);
                    case "vars" -> parseVariableLine(line, group);
                    default -> parseChildLine(line, group, pending);
                }
            } catch (BadInventory bad) {
                throw error(bad.getMessage());
            }
        }
        for (Map.Entry<String, Pending> entry : pending.entrySet()) {
            Pending p = entry.getValue();
            lineNo = p.line();
            if (p.state().equals("vars")) {
                throw error("section [" + entry.getKey() + ":vars] is for group '" + entry.getKey()
                        + "' which is defined nowhere");
            }
            throw error("section [" + p.parents().get(p.parents().size() - 1) + ":children] includes group '"
                    + entry.getKey() + "' which is defined nowhere");
        }
    }

    private void addPendingChildren(String group, Map<String, Pending> pending) {
        for (String parent : pending.get(group).parents()) {
            graph.addChild(parent, group);
            Pending parentPending = pending.get(parent);
            if (parentPending != null && parentPending.state().equals("children")) {
                addPendingChildren(parent, pending);
            }
        }
        pending.remove(group);
    }

    private void parseChildLine(String line, String group, Map<String, Pending> pending) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) {
            throw error("expected a group name in [" + group + ":children], got: " + line);
        }
        String child = m.group(1);
        InventoryGraph.checkGroupName(child);
        if (graph.groups.containsKey(child)) {
            graph.addChild(group, child);
        } else {
            Pending waiting = pending.get(child);
            if (waiting == null) {
                List<String> parents = new ArrayList<>();
                parents.add(group);
                pending.put(child, new Pending(lineNo, "children", parents));
            } else {
                waiting.parents().add(group);
            }
        }
    }

    private void parseVariableLine(String line, String group) {
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw error("expected key=value in [" + group + ":vars], got: " + line);
        }
        String key = line.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw error("variable with no name in [" + group + ":vars]: " + line);
        }
        graph.setGroupVariable(group, key, PythonLiteral.valueOf(line.substring(eq + 1).strip()));
    }

    private void parseHostLine(String line, String group) {
        List<String> tokens;
        try {
            tokens = PosixShlex.split(line);
        } catch (PosixShlex.SyntaxError e) {
            throw error("cannot parse host line '" + line + "': " + e.getMessage());
        }
        if (tokens.isEmpty()) {
            return;
        }
        String pattern = tokens.get(0);
        HostEntry.Expansion expansion = HostEntry.expand(pattern);
        if (pattern.strip().endsWith(":") && expansion.port() == null) {
            throw error("invalid host pattern '" + pattern + "': a trailing ':' must be followed by a port");
        }
        for (String host : expansion.hosts()) {
            if (host.strip().equals("---")) {
                throw error("invalid host pattern '" + pattern + "': '---' is the start of a YAML document");
            }
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                throw error("expected key=value host variable after host '" + pattern + "', got: " + token);
            }
            if (eq == 0) {
                throw error("host variable with no name after host '" + pattern + "': " + token);
            }
            variables.put(token.substring(0, eq), PythonLiteral.valueOf(token.substring(eq + 1)));
        }
        for (String host : expansion.hosts()) {
            graph.addHost(host, group, expansion.port(), file);
            variables.forEach((k, v) -> graph.setHostVariable(host, k, v));
        }
    }
}
