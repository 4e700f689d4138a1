package dev.muster.module.builtin;

import dev.muster.error.MusterException;
import dev.muster.module.Action;
import dev.muster.module.ArgSpec;
import dev.muster.module.ArgSpec.Type;
import dev.muster.module.ArgumentException;
import dev.muster.module.Args;
import dev.muster.module.LocalAction;
import dev.muster.module.Module;
import dev.muster.module.TaskContext;
import dev.muster.module.TaskResult;
import dev.muster.playbook.YamlNode;
import dev.muster.playbook.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * {@code include_vars}: variables from a YAML or JSON file of the controller, or from every such file of a directory,
 * set on the host at include_vars precedence (the executor keeps them below set_fact, as Ansible does). Files are found
 * by {@link TaskContext.Resources#varsPath} (the one task-file lookup: the role's {@code vars/}, the including file's
 * directory, the playbook's). With {@code dir}: files sorted by path, walked {@code depth} levels deep (0: all),
 * hidden files included (as Ansible does), {@code files_matching} and {@code ignore_files} as Python regexes searched
 * in the file name, later files replacing earlier keys; a file with another extension fails the task unless
 * {@code ignore_unknown_extensions}. {@code name} puts everything under one variable. Runs in the
 * controller; the host is not contacted.
 */
public final class IncludeVarsModule implements Module {

    private static final ArgSpec SPEC = ArgSpec.builder()
            .optional("file", Type.STRING)
            .optional("dir", Type.STRING)
            .optional("name", Type.STRING)
            .optional("depth", Type.INT, 0)
            .optional("files_matching", Type.STRING)
            .optional("ignore_files", Type.LIST)
            .optional("extensions", Type.LIST)
            .optional("ignore_unknown_extensions", Type.BOOL, false)
            .choice("hash_behaviour", null, "replace")
            .freeForm("file")
            .mutuallyExclusive("file", "dir")
            .requiredOneOf("file", "dir")
            .build();

    private static final List<String> EXTENSIONS = List.of("json", "yaml", "yml");

    @Override
    public String name() {
        return "include_vars";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public Action plan(Args args, TaskContext context) {
        String name = args.string("name");
        if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ArgumentException("name '" + name + "' is not a valid variable name");
        }
        List<String> extensions = args.has("extensions") ? args.list("extensions").stream().map(String::valueOf).toList() : EXTENSIONS;
        Pattern matching = args.has("files_matching") ? regex(args.string("files_matching")) : null;
        List<Pattern> ignored = args.list("ignore_files").stream().map(p -> regex(p + "$")).toList();
        int depth = args.integer("depth");
        boolean fromDir = args.has("dir");
        if (!fromDir) {
            checkExtension(args.string("file"), extensions, false);
        }
        return new LocalAction(() -> {
            List<Path> files;
            if (fromDir) {
                Path dir = context.resources().varsPath(args.string("dir"), true);
                files = filesIn(dir, depth, matching, ignored, extensions, args.bool("ignore_unknown_extensions"));
            } else {
                files = List.of(context.resources().varsPath(args.string("file"), false));
            }
            Map<String, Object> vars = new LinkedHashMap<>();
            files.forEach(file -> vars.putAll(read(file)));
            Map<String, Object> facts = name == null ? vars : Map.of(name, vars);
            return TaskResult.ok("").withFacts(facts).withData(Map.of("ansible_facts", facts,
                    "ansible_included_var_files", files.stream().map(Path::toString).toList()));
        });
    }

    /** The files of {@code dir} as Ansible's include_vars walks them: sorted by directory, then by name. */
    private static List<Path> filesIn(Path dir, int depth, Pattern matching, List<Pattern> ignored, List<String> extensions,
                                      boolean ignoreUnknown) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, depth <= 0 ? Integer.MAX_VALUE : depth, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            walk.filter(Files::isRegularFile).sorted((a, b) -> {
                int byDir = a.getParent().toString().compareTo(b.getParent().toString());
                return byDir != 0 ? byDir : a.getFileName().toString().compareTo(b.getFileName().toString());
            }).forEach(file -> {
                String fileName = file.getFileName().toString();
                if (ignored.stream().anyMatch(p -> p.matcher(fileName).find())) {
                    return;
                }
                if (matching != null && !matching.matcher(fileName).find()) {
                    return;
                }
                if (checkExtension(file.toString(), extensions, ignoreUnknown)) {
                    files.add(file);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ArgumentException("cannot read the vars directory " + dir + ": " + e.getMessage());
        }
        return files;
    }

    /** Whether the file has one of the extensions; an unknown one is an error unless told to skip it. */
    private static boolean checkExtension(String file, List<String> extensions, boolean ignoreUnknown) {
        int dot = file.lastIndexOf('.');
        String extension = dot < 0 ? "" : file.substring(dot + 1);
        if (extensions.contains(extension)) {
            return true;
        }
        if (ignoreUnknown) {
            return false;
        }
        throw new ArgumentException("'" + file + "' does not have a valid extension: " + String.join(", ", extensions));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
        YamlNode root = YamlReader.read(file);
        if (root instanceof YamlNode.Mapping mapping) {
            return (Map<String, Object>) mapping.toPlain();
        }
        if (root instanceof YamlNode.Scalar scalar && scalar.value() == null) {
            return Map.of();
        }
        throw new MusterException(root.location(), "include_vars needs a mapping of variables");
    }

    private static Pattern regex(String text) {
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new ArgumentException("not a valid regular expression: " + text);
        }
    }
}
