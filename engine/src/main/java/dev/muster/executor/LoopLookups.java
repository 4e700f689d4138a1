package dev.muster.executor;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import dev.muster.error.SourceLocation;
import dev.muster.playbook.QuotedWords;
import dev.muster.playbook.Scope;
import dev.muster.playbook.TaskFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The items of a loop from its templated value, as ansible-core 2.14's loop lookups make them ({@code loop}, and
 * {@code with_items}, {@code with_dict}, ... as {@code lookup('items', ...)}, {@code lookup('dict', ...)}): the
 * shape of each item is exactly what the lookup returns, so {@code item.key}, {@code item.0} or {@code item.1.name}
 * read the same values. Lookups run on the controller; {@code fileglob} and {@code first_found} search the files
 * {@link TaskFiles} finds for the task.
 */
public final class LoopLookups {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NUM = "(0?x?[0-9a-f]+)";
    private static final Pattern SEQUENCE_SHORTCUT = Pattern.compile("^(" + NUM + "-)?" + NUM + "(/" + NUM + ")?(:(.+))?$",
            Pattern.CASE_INSENSITIVE);

    /**
     * Where a lookup that reads the controller's files looks: the task's scope, the playbook's directory, and the
     * kind of file (first_found looks in {@code templates/} for a template task, as Ansible does).
     */
    public record FileSearch(Scope scope, Path playbookDir, String kind) {

        static FileSearch of(dev.muster.playbook.Task task, Path playbookDir) {
            String module = task.module();
            String kind = module.contains("template") ? "templates" : module.contains("var") ? "vars" : "files";
            return new FileSearch(task.scope(), playbookDir, kind);
        }
    }

    private final SourceLocation at;
    private final String task;

    private LoopLookups(SourceLocation at, String task) {
        this.at = at;
        this.task = task;
    }

    /**
     * @param lookup null for {@code loop:} (a list, taken as it is), else the lookup's name
     * @param value  the loop's templated value
     * @param task   the looping task's name, for messages, or null for an include
     */
    public static List<Object> items(String lookup, Object value, FileSearch files, SourceLocation at, String task) {
        LoopLookups lookups = new LoopLookups(at, task);
        if (lookup == null) {
            if (!(value instanceof List<?> list)) {
                throw lookups.error("Invalid data passed to 'loop', it requires a list, got this instead: " + value
                        + ". Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.");
            }
            return new ArrayList<>(list);
        }
        List<Object> terms = listify(value);
        return switch (lookup) {
            case "items" -> flatten(terms);
            case "dict" -> lookups.dict(value);
            case "together" -> lookups.together(terms);
            case "nested" -> lookups.nested(terms);
            case "indexed_items" -> lookups.indexed(value);
            case "subelements" -> lookups.subelements(terms);
            case "sequence" -> lookups.sequence(terms);
            case "random_choice" -> terms.isEmpty() ? List.of() : List.of(terms.get(RANDOM.nextInt(terms.size())));
            case "fileglob" -> lookups.fileglob(terms, files);
            case "first_found" -> lookups.firstFound(terms, files);
            default -> throw lookups.error("unsupported loop lookup '" + lookup + "'");
        };
    }

    /** Ansible's {@code listify_lookup_plugin_terms}: a string or a scalar is a list of one, a mapping its keys. */
    private static List<Object> listify(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        if (value instanceof Map<?, ?> map) {
            return new ArrayList<>(map.keySet());
        }
        List<Object> one = new ArrayList<>();
        one.add(value);
        return one;
    }

    /** LookupBase._flatten: the lists among {@code terms} spliced in, one level. */
    private static List<Object> flatten(List<?> terms) {
        List<Object> out = new ArrayList<>();
        for (Object term : terms) {
            if (term instanceof List<?> inner) {
                out.addAll(inner);
            } else {
                out.add(term);
            }
        }
        return out;
    }

    private List<Object> dict(Object value) {
        List<Object> items = new ArrayList<>();
        for (Object term : value instanceof Map<?, ?> ? List.of(value) : listify(value)) {
            if (!(term instanceof Map<?, ?> map)) {
                throw error("with_dict expects a dict");
            }
            map.forEach((k, v) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key", k);
                item.put("value", v);
                items.add(item);
            });
        }
        return items;
    }

    private List<Object> together(List<Object> terms) {
        List<List<Object>> lists = terms.stream().map(LoopLookups::listify).toList();
        if (lists.isEmpty()) {
            throw error("with_together requires at least one element in each list");
        }
        int longest = lists.stream().mapToInt(List::size).max().orElse(0);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> list : lists) {
                row.add(i < list.size() ? list.get(i) : null); // zip_longest's fillvalue
            }
            items.add(flatten(row));
        }
        return items;
    }

    private List<Object> nested(List<Object> terms) {
        if (terms.isEmpty()) {
            throw error("with_nested requires at least one element in the nested list");
        }
        List<Object> result = listify(terms.get(0));
        for (Object next : terms.subList(1, terms.size())) {
            List<Object> combined = new ArrayList<>();
            for (Object x : result) {
                for (Object y : listify(next)) {
                    combined.add(flatten(java.util.Arrays.asList(x, y)));
                }
            }
            result = combined;
        }
        List<Object> items = new ArrayList<>();
        for (Object x : result) {
            items.add(x instanceof List<?> list ? flatten(list) : characters(x));
        }
        return items;
    }

    /** Python's _flatten of a single string iterates its characters; of anything else that is not a list, itself. */
    private static List<Object> characters(Object x) {
        List<Object> out = new ArrayList<>();
        if (x instanceof String s) {
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
        } else {
            out.add(x);
        }
        return out;
    }

    private List<Object> indexed(Object value) {
        if (!(value instanceof List<?> list)) {
            throw error("with_indexed_items expects a list");
        }
        List<Object> flat = flatten(list);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < flat.size(); i++) {
            items.add(java.util.Arrays.asList(i, flat.get(i)));
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private List<Object> subelements(List<Object> terms) {
        if (terms.size() < 2 || terms.size() > 3 || !(terms.get(1) instanceof String path)) {
            throw error("subelements lookup expects a list of two or three items, the second one a string");
        }
        boolean skipMissing = false;
        if (terms.size() == 3) {
            if (!(terms.get(2) instanceof Map<?, ?> flags)) {
                throw error("the optional third item of a subelements lookup must be a dictionary");
            }
            for (Map.Entry<?, ?> flag : flags.entrySet()) {
                if (!"skip_missing".equals(flag.getKey())) {
                    throw error("the only valid flag for the subelements lookup is skip_missing, not '" + flag.getKey() + "'");
                }
                skipMissing = Boolean.TRUE.equals(flag.getValue()) || "yes".equals(flag.getValue()) || "true".equals(flag.getValue());
            }
        }
        Object first = terms.get(0);
        List<Object> elements;
        if (first instanceof Map<?, ?> map) {
            if (Boolean.TRUE.equals(map.get("skipped"))) {
                return List.of();
            }
            elements = new ArrayList<>(map.values());
        } else if (first instanceof List<?> list) {
            elements = new ArrayList<>(list);
        } else {
            throw error("subelements lookup expects a list of two or three items");
        }
        String[] keys = path.split("\\.", -1);
        List<Object> items = new ArrayList<>();
        for (Object element : elements) {
            if (!(element instanceof Map<?, ?> parentView)) {
                throw error("subelements lookup expects a dictionary, got '" + element + "'");
            }
            Object skipped = parentView.get("skipped");
            if (skipped != null && !Boolean.FALSE.equals(skipped)) {
                continue;
            }
            // the lookup takes the list out of (a copy of) its parent: item.0 is the parent without it
            Map<String, Object> parent = deepCopy((Map<String, Object>) parentView);
            Map<String, Object> current = parent;
            List<Object> sublist = List.of();
            for (int k = 0; k < keys.length; k++) {
                String key = keys[k];
                boolean last = k == keys.length - 1;
                if (!current.containsKey(key)) {
                    if (skipMissing) {
                        continue;
                    }
                    throw error("could not find '" + key + "' key in iterated item '" + parentView + "'");
                }
                Object value = current.get(key);
                if (!last) {
                    if (value instanceof Map<?, ?> inner) {
                        current = (Map<String, Object>) inner;
                    } else if (!skipMissing) {
                        throw error("the key " + key + " should point to a dictionary, got '" + value + "'");
                    }
                } else if (!(value instanceof List<?> list)) {
                    throw error("the key " + key + " should point to a list, got '" + value + "'");
                } else {
                    sublist = new ArrayList<>(list);
                    current.remove(key);
                }
            }
            for (Object sub : sublist) {
                items.add(java.util.Arrays.asList(parent, sub));
            }
        }
        return items;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner) : v));
        return copy;
    }

    /** {@code with_sequence}: the shortcut {@code [start-]end[/stride][:format]} or start/end/count/stride/format words. */
    private List<Object> sequence(List<Object> terms) {
        List<Object> items = new ArrayList<>();
        for (Object term : terms) {
            String text = String.valueOf(term);
            long start = 1;
            Long end = null;
            Long count = null;
            long stride = 1;
            String format = "%d";
            Matcher shortcut = SEQUENCE_SHORTCUT.matcher(text);
            if (shortcut.matches()) {
                if (shortcut.group(2) != null) {
                    start = integer("start", shortcut.group(2));
                }
                end = integer("end", shortcut.group(3));
                if (shortcut.group(5) != null) {
                    stride = integer("stride", shortcut.group(5));
                }
                if (shortcut.group(7) != null) {
                    format = shortcut.group(7);
                }
            } else {
                Map<String, String> args = new LinkedHashMap<>(parseKv(text));
                String value;
                if ((value = args.remove("start")) != null) {
                    start = integer("start", value);
                }
                if ((value = args.remove("end")) != null) {
                    end = integer("end", value);
                }
                if ((value = args.remove("count")) != null) {
                    count = integer("count", value);
                }
                if ((value = args.remove("stride")) != null) {
                    stride = integer("stride", value);
                }
                if ((value = args.remove("format")) != null) {
                    format = value;
                }
                if (!args.isEmpty()) {
                    throw error("unrecognized arguments to with_sequence: " + args.keySet());
                }
            }
            if (count == null && end == null) {
                throw error("must specify count or end in with_sequence");
            }
            if (count != null && end != null) {
                throw error("can't specify both count and end in with_sequence");
            }
            if (count != null) {
                if (count != 0) {
                    end = start + count * stride - 1;
                } else {
                    start = 0;
                    end = 0L;
                    stride = 0;
                }
            }
            if (stride > 0 && end < start) {
                throw error("to count backwards make stride negative");
            }
            if (stride < 0 && end > start) {
                throw error("to count forward don't make stride negative");
            }
            if (format.chars().filter(c -> c == '%').count() != 1) {
                throw error("bad formatting string: " + format);
            }
            if (stride == 0) {
                continue;
            }
            for (long i = start; stride > 0 ? i <= end : i >= end; i += stride) {
                items.add(printf(format, i));
            }
        }
        return items;
    }

    private Map<String, String> parseKv(String text) {
        try {
            QuotedWords.KeyValues parsed = QuotedWords.parse(text, key -> true);
            Map<String, String> args = new LinkedHashMap<>(parsed.options());
            if (parsed.raw() != null) {
                args.put("_raw_params", parsed.raw());
            }
            return args;
        } catch (QuotedWords.UnbalancedQuote e) {
            throw error("unknown error parsing with_sequence arguments: " + text + ". Error was: " + e.getMessage());
        }
    }

    /** Python's int(text, 0): decimal, 0x hex, 0o octal, 0b binary (a leading 0 alone is not octal there). */
    private long integer(String name, String text) {
        String t = text.strip().replace("_", "");
        try {
            boolean negative = t.startsWith("-");
            String digits = negative || t.startsWith("+") ? t.substring(1) : t;
            long value;
            String lower = digits.toLowerCase();
            if (lower.startsWith("0x")) {
                value = Long.parseLong(digits.substring(2), 16);
            } else if (lower.startsWith("0o")) {
                value = Long.parseLong(digits.substring(2), 8);
            } else if (lower.startsWith("0b")) {
                value = Long.parseLong(digits.substring(2), 2);
            } else if (digits.length() > 1 && digits.startsWith("0") && !digits.matches("0+")) {
                throw new NumberFormatException(text);
            } else {
                value = Long.parseLong(digits);
            }
            return negative ? -value : value;
        } catch (NumberFormatException e) {
            throw error("can't parse " + name + "=" + text + " as integer");
        }
    }

    /** Python's {@code format % i} for the one integer conversion a sequence format holds. */
    private String printf(String format, long i) {
        Matcher m = Pattern.compile("%([-+ 0#]*)(\\d*)([diouxXc])").matcher(format);
        if (!m.find()) {
            throw error("problem formatting " + i + " with '" + format + "'");
        }
        String conversion = switch (m.group(3)) {
            case "i", "u" -> "d";
            default -> m.group(3);
        };
        String flags = m.group(1);
        String javaFlags = conversion.equals("o") && flags.contains("#") ? flags.replace("#", "") : flags;
        String body = String.format("%" + javaFlags + m.group(2) + conversion, conversion.equals("c") ? (int) i : i);
        if (conversion.equals("o") && flags.contains("#")) {
            body = body.replaceFirst("^(\\s*)", "$10o");
        }
        return format.substring(0, m.start()) + body + format.substring(m.end());
    }

    /** {@code with_fileglob}: the files matching each pattern, in the first place Ansible looks that has any. */
    private List<Object> fileglob(List<Object> terms, FileSearch files) {
        List<Object> found = new ArrayList<>();
        for (Object term : terms) {
            String pattern = String.valueOf(term);
            Path given = Path.of(pattern);
            String name = given.getFileName() == null ? pattern : given.getFileName().toString();
            List<Path> dirs = new ArrayList<>();
            if (given.getParent() != null) {
                Path dir = TaskFiles.findResource("files", given.getParent().toString(), files.scope(), files.playbookDir(), Files::isDirectory);
                if (dir != null) {
                    dirs.add(dir);
                }
            } else {
                dirs.addAll(TaskFiles.resourceCandidates("files", ".", files.scope(), files.playbookDir()));
            }
            for (Path dir : dirs) {
                List<Object> matches = glob(dir.normalize(), name);
                if (!matches.isEmpty()) {
                    found.addAll(matches);
                    break;
                }
            }
        }
        return found;
    }

    private static List<Object> glob(Path dir, String pattern) {
        List<Object> matches = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return matches;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, pattern)) {
            for (Path path : stream) {
                if (Files.isRegularFile(path) && (pattern.startsWith(".") || !path.getFileName().toString().startsWith("."))) {
                    matches.add(path.toAbsolutePath().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            return matches;
        }
        matches.sort(null); // Python's glob returns directory order; sorted is the same set, reproducibly
        return matches;
    }

    /** {@code with_first_found}: the first file found of names, or of {@code files} x {@code paths} mappings. */
    private List<Object> firstFound(List<Object> terms, FileSearch files) {
        List<String> search = new ArrayList<>();
        boolean skip = collect(terms, search);
        for (String name : search) {
            Path path = TaskFiles.findResource(files.kind(), name, files.scope(), files.playbookDir(), Files::exists);
            if (path != null) {
                return List.of(path.normalize().toAbsolutePath().toString());
            }
        }
        if (skip) {
            return List.of();
        }
        throw error("No file was found when using first_found.");
    }

    private boolean collect(List<?> terms, List<String> search) {
        boolean skip = false;
        for (Object term : terms) {
            if (term instanceof Map<?, ?> options) {
                List<String> fileList = splitOn(options.get("files"), ",;");
                List<String> pathList = splitOn(options.get("paths"), ",:;");
                skip = Boolean.TRUE.equals(options.get("skip"));
                if (!pathList.isEmpty()) {
                    for (String path : pathList) {
                        for (String file : fileList) {
                            search.add(Path.of(path).resolve(file).toString());
                        }
                    }
                } else if (!fileList.isEmpty()) {
                    search.clear(); // as ansible-core 2.14 does: files without paths replace what came before
                    search.addAll(fileList);
                }
            } else if (term instanceof List<?> inner) {
                skip = collect(inner, search);
            } else if (term instanceof String name) {
                search.add(name);
            } else {
                throw error("Invalid term supplied, can handle string, mapping or list of strings but got: " + term);
            }
        }
        return skip;
    }

    private static List<String> splitOn(Object value, String separators) {
        List<String> out = new ArrayList<>();
        for (Object each : value == null ? List.of() : value instanceof List<?> list ? list : List.of(value)) {
            for (String part : String.valueOf(each).split("[" + separators + "]")) {
                if (!part.strip().isEmpty()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    private MusterException error(String message) {
        return new MusterException(at, (task == null ? "" : "task '" + task + "': ") + message, Failure.HOST_FAILED, null);
    }
}
