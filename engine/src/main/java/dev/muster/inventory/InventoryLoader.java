package dev.muster.inventory;

import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * Reads every {@code -i} source into one {@link Inventory}, as ansible-inventory does: a file (YAML or
 * INI, told apart the way Ansible's plugins are tried), a directory (every file in it, sorted, except
 * hidden ones, {@code group_vars}, {@code host_vars} and ignored extensions such as .ini, .cfg, .retry, ~),
 * or a comma-separated host list ({@code host1,host2:2222,}). group_vars/ and host_vars/ are read beside
 * each file source and inside each directory source. Anything unreadable is an error, never a warning.
 */
public final class InventoryLoader {

    /** Ansible's INVENTORY_IGNORE_EXTS (REJECT_EXTS plus .orig, .ini, .cfg, .retry) and always-ignored names. */
    private static final Pattern IGNORED = Pattern.compile(
            "^\\.|^host_vars$|^group_vars$|^vars_plugins$"
                    + "|\\.pyc$|\\.pyo$|\\.swp$|\\.bak$|~$|\\.rpm$|\\.md$|\\.txt$|\\.rst$|\\.orig$|\\.ini$|\\.cfg$|\\.retry$");
    private static final List<String> YAML_EXTENSIONS = List.of(".yml", ".yaml", ".json");
    private static final Pattern PYTHON_LINE_BREAK = Pattern.compile("\r\n|[\n\r\u000b\u000c\u001c\u001d\u001e\u0085\u2028\u2029]");

    private InventoryLoader() {
    }

    public static LoadedInventory load(List<Path> sources) {
        return load(sources, List.of());
    }

    /**
     * As {@link #load(List)}, with group_vars/ and host_vars/ beside the playbook too: at each layer
     * (group_vars/all, group_vars/GROUP, host_vars/HOST) they come after, and so beat, the inventory's,
     * as in ansible-playbook.
     */
    public static LoadedInventory load(List<Path> sources, List<Path> playbookDirs) {
        if (sources.isEmpty()) {
            throw new MusterException(null, "no inventory given: use -i PATH", dev.muster.error.Failure.BAD_REQUEST, null);
        }
        InventoryGraph graph = new InventoryGraph();
        List<Path> varsDirs = new ArrayList<>();
        for (Path source : sources) {
            if (isHostList(source)) {
                readHostList(source.toString(), graph);
                continue;
            }
            if (!Files.exists(source)) {
                throw new MusterException(SourceLocation.of(source), "inventory source does not exist");
            }
            if (Files.isDirectory(source)) {
                readDirectory(source, graph);
                varsDirs.add(source.toAbsolutePath().normalize());
            } else {
                readFile(source, graph);
                Path parent = source.toAbsolutePath().normalize().getParent();
                varsDirs.add(parent);
            }
        }
        graph.reconcile();
        playbookDirs.forEach(dir -> varsDirs.add(dir.toAbsolutePath().normalize()));
        return new LoadedInventory(graph, varsDirs);
    }

    private static boolean isHostList(Path source) {
        return source.toString().contains(",") && !Files.exists(source);
    }

    private static void readHostList(String list, InventoryGraph graph) {
        for (String item : list.split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                HostEntry.Expansion address = HostEntry.addressOnly(entry);
                String host = address.hosts().get(0);
                if (!graph.hosts.containsKey(host)) {
                    graph.addHost(host, "ungrouped", address.port(), null);
                }
            } catch (BadInventory bad) {
                throw new MusterException(null, "host list '" + list + "': " + bad.getMessage(),
                        dev.muster.error.Failure.BAD_INPUT, null);
            }
        }
    }

    private static void readDirectory(Path dir, InventoryGraph graph) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new MusterException(SourceLocation.of(dir), "cannot list inventory directory: " + e.getMessage());
        }
        for (Path entry : entries) {
            if (IGNORED.matcher(entry.getFileName().toString()).find()) {
                continue;
            }
            if (Files.isDirectory(entry)) {
                readDirectory(entry, graph);
            } else {
                readFile(entry, graph);
            }
        }
    }

    /** Ansible tries its YAML plugin first for .yml/.yaml/.json and extension-less files, then INI. */
    static void readFile(Path file, InventoryGraph graph) {
        String text = DataFiles.readText(file);
        if (Files.isExecutable(file) && text.startsWith("#!")) {
            throw new MusterException(SourceLocation.of(file, 1),
                    "inventory scripts are not supported; give a static INI or YAML inventory");
        }
        String ext = VarsFiles.extension(file.getFileName().toString());
        if (ext.isEmpty() || YAML_EXTENSIONS.contains(ext)) {
            DataFiles.Document doc = null;
            MusterException yamlError = null;
            try {
                doc = DataFiles.parse(file, text);
            } catch (MusterException e) {
                yamlError = e;
            }
            if (doc != null && doc.root() instanceof MappingNode) {
                YamlInventoryParser.parse(doc, graph);
                return;
            }
            if (!ext.isEmpty()) {
                if (yamlError != null) {
                    throw yamlError;
                }
                if (doc == null || doc.root() == null) {
                    return;
                }
                YamlInventoryParser.parse(doc, graph); // reports that the top level is not a mapping
                return;
            }
        }
        List<String> lines = new ArrayList<>(Arrays.asList(PYTHON_LINE_BREAK.split(text, -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        IniInventoryParser.parse(file, lines, graph);
    }
}
