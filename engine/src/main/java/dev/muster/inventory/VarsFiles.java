package dev.muster.inventory;

import dev.muster.error.MusterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * {@code group_vars/} and {@code host_vars/} beside an inventory source, found as Ansible's
 * host_group_vars plugin finds them: {@code NAME}, {@code NAME.yml}, {@code NAME.yaml} or
 * {@code NAME.json} (the first that exists), and when that is a directory every file in it, sorted,
 * recursively, skipping hidden files and backups. Later files replace earlier keys.
 */
final class VarsFiles {

    private static final List<String> EXTENSIONS = List.of("", ".yml", ".yaml", ".json");

    private final Map<Path, Map<String, Object>> cache = new LinkedHashMap<>();

    /** The variables {@code group_vars/NAME} (or host_vars) under {@code baseDir} gives, or an empty map. */
    Map<String, Object> varsFor(Path baseDir, String subdir, String name) {
        Map<String, Object> merged = new LinkedHashMap<>();
        if (name.startsWith("/")) {
            return merged;
        }
        Path dir = baseDir.resolve(subdir);
        if (!Files.isDirectory(dir)) {
            return merged;
        }
        for (Path file : filesFor(dir, name)) {
            merged.putAll(cache.computeIfAbsent(file, VarsFiles::loadMapping));
        }
        return merged;
    }

    private static List<Path> filesFor(Path dir, String name) {
        List<Path> found = new ArrayList<>();
        for (String ext : EXTENSIONS) {
            Path candidate = dir.resolve(name + ext);
            if (Files.isDirectory(candidate)) {
                collect(candidate, found);
                break;
            }
            if (Files.exists(candidate)) {
                found.add(candidate);
                break;
            }
        }
        return found;
    }

    private static void collect(Path dir, List<Path> found) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new MusterException(dev.muster.error.SourceLocation.of(dir), "cannot list directory: " + e.getMessage());
        }
        for (Path entry : entries) {
            String fileName = entry.getFileName().toString();
            if (fileName.startsWith(".") || fileName.endsWith("~")) {
                continue;
            }
            String ext = extension(fileName);
            if (Files.isDirectory(entry) && ext.isEmpty()) {
                collect(entry, found);
            } else if (Files.isRegularFile(entry) && (ext.isEmpty() || EXTENSIONS.contains(ext))) {
                found.add(entry);
            }
        }
    }

    /** Python's os.path.splitext: a leading dot does not start an extension. */
    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        int firstNonDot = 0;
        while (firstNonDot < fileName.length() && fileName.charAt(firstNonDot) == '.') {
            firstNonDot++;
        }
        return dot <= firstNonDot - 1 || dot < firstNonDot ? "" : fileName.substring(dot);
    }

    private static Map<String, Object> loadMapping(Path file) {
        DataFiles.Document doc = DataFiles.load(file);
        Map<String, Object> vars = new LinkedHashMap<>();
        if (doc.root() == null) {
            return vars;
        }
        if (!(doc.root() instanceof MappingNode mapping)) {
            Object value = doc.value(doc.root());
            if (value == null || value instanceof String s && s.isEmpty()) {
                return vars;
            }
            throw new MusterException(doc.where(doc.root()), "a variables file must be a mapping of names to values");
        }
        Object whole = doc.value(mapping);
        ((Map<?, ?>) whole).forEach((k, v) -> vars.put(String.valueOf(k), v));
        return vars;
    }
}
