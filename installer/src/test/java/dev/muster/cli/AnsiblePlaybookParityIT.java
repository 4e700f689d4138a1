package dev.muster.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.muster.parity.AnsibleProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Side by side with ansible-playbook (ansible-core 2.14): every case of the corpus
 * (src/test/resources/parity, format in its README.md) is copied into two fresh directories, run by
 * {@code ansible-playbook} in one and by {@code muster play --json} in the other, and the runs must agree
 * per task and host on the status, on the registered results the case names, on the exit code, and on
 * the resulting directory trees byte for byte (content, mode, link targets). A case Muster refuses by
 * design must be refused at plan time: exit 4, FILE:LINE:COLUMN, and the directory untouched.
 * Without ansible-playbook this test fails: the parity claim cannot be checked otherwise.
 */
class AnsiblePlaybookParityIT {

    // -Dparity.dir=DIR (relative to installer/): another corpus, e.g. src/test/resources/parity-pending
    private static final Path CORPUS = Path.of(System.getProperty("parity.dir", "src/test/resources/parity"));
    private static final Path CALLBACK = Path.of("src/test/resources/parity-callback").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutorService ANSIBLE = Executors.newFixedThreadPool(2);
    private static final Map<String, Future<Run>> PENDING = new ConcurrentHashMap<>();
    /** The runs' work directories, removed at the end (a divergence is printed in full, so nothing is lost). */
    private static Path root;
    /** Result keys that differ on every run (times, Ansible's own bookkeeping), left out of a whole-result comparison. */
    private static final Set<String> VOLATILE = Set.of("invocation", "start", "end", "delta", "warnings", "deprecations");
    private static final String WORK = "<work>";

    record Run(int code, String out, String err, Path dir, Map<String, Entry> before) {
    }

    /** The headers of a case: lines {@code # muster: <directive> ...} before the first line that is not a comment. */
    record Case(String name, Path playbook, Path files, String refusedAtPlan, List<String> args, Map<String, List<String>> compare,
                Map<String, String> registerByTask) {
    }

    /** One task as a run reported it: its name and, per host, the status, the result and the loop items' statuses. */
    record TaskRun(String name, Map<String, HostRun> hosts) {
    }

    record HostRun(String status, JsonNode result, List<String> items) {
    }

    /** A file system entry as compared: a description (type, mode, size, digest or link target) and, for files, the bytes. */
    record Entry(String description, byte[] content) {
    }

    @AfterAll
    static void stopPool() throws IOException {
        ANSIBLE.shutdownNow();
        if (root != null) {
            try (Stream<Path> all = Files.walk(root)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesAnsiblePlaybook() throws IOException {
        Path ansible = AnsibleProgram.require("ansible-playbook");
        List<Case> cases;
        try (Stream<Path> files = Files.list(CORPUS)) {
            cases = files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().map(AnsiblePlaybookParityIT::readCase).toList();
        }
        assertTrue(cases.size() >= 1, "the corpus holds no case");
        // -Dparity.only=TEXT[,TEXT...]: only the cases whose name contains one of the TEXTs (while working on them)
        List<String> only = List.of(System.getProperty("parity.only", "").split(","));
        cases = cases.stream().filter(c -> only.stream().anyMatch(c.name()::contains)).toList();
        root = Files.createTempDirectory("muster-parity");
        Path inventory = root.resolve("inventory");
        Files.writeString(inventory, "localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n");
        for (Case c : cases) {
            if (c.refusedAtPlan() == null) {
                PENDING.put(c.name(), ANSIBLE.submit(() -> ansible(ansible, inventory, c, prepare(root.resolve("ansible"), c))));
            }
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c, root, inventory)));
    }

    private static void check(Case c, Path root, Path inventory) throws Exception {
        Path dir = prepare(root.resolve("muster"), c);
        Run ours = muster(inventory, c, dir, root.resolve("logs").resolve(c.name() + ".log"));
        if (c.refusedAtPlan() != null) {
            checkRefused(c, ours);
            return;
        }
        Run theirs = PENDING.get(c.name()).get(10, TimeUnit.MINUTES);
        if (theirs.code() == 4 || theirs.code() == 5 || theirs.code() == 1) {
            fail("ansible-playbook refused the case (fix the case, or mark it refused-at-plan): exit " + theirs.code() + "\n"
                    + theirs.err() + theirs.out());
        }
        List<String> divergences = new ArrayList<>();
        if (theirs.code() != ours.code()) {
            divergences.add("exit code: ansible-playbook " + theirs.code() + ", muster " + ours.code());
        }
        compareTasks(c, tasks(theirs, false), tasks(ours, true), divergences);
        compareTrees(snapshot(theirs.dir()), snapshot(ours.dir()), divergences);
        if (!divergences.isEmpty()) {
            fail(c.name() + ": " + divergences.size() + " divergence(s) from ansible-playbook\n  " + String.join("\n  ", divergences)
                    + "\n-- muster's stderr:\n" + ours.err());
        }
    }

    private static void checkRefused(Case c, Run ours) throws IOException {
        List<String> problems = new ArrayList<>();
        if (ours.code() != 4) {
            problems.add("exit " + ours.code() + ", expected 4 (refused at plan)");
        }
        String all = ours.err() + ours.out();
        if (!all.contains(c.refusedAtPlan())) {
            problems.add("the message does not contain '" + c.refusedAtPlan() + "'");
        }
        if (!Pattern.compile(Pattern.quote(c.playbook().getFileName().toString()) + ":\\d+:\\d+").matcher(all).find()) {
            problems.add("the message names no " + c.playbook().getFileName() + ":LINE:COLUMN");
        }
        if (all.contains("\"event\":\"task_start\"")) {
            problems.add("a task started");
        }
        List<String> changes = new ArrayList<>();
        compareTrees(ours.before(), snapshot(ours.dir()), changes);
        changes.forEach(change -> problems.add("the directory changed: " + change));
        if (!problems.isEmpty()) {
            fail(c.name() + " must be refused at plan time: " + String.join("; ", problems) + "\n" + all);
        }
    }

    // ---- the case

    private static final Pattern HEADER = Pattern.compile("^#\\s*muster:\\s*(\\S+)\\s*(.*)$");
    private static final Pattern REGISTER = Pattern.compile("^(\\s*)(?:- )?register:\\s*['\"]?(\\w+)['\"]?\\s*$");
    private static final Pattern NAME = Pattern.compile("^(\\s*)(- )?name:\\s*(.+?)\\s*$");

    static Case readCase(Path playbook) {
        String fileName = playbook.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".yml".length());
        List<String> lines;
        try {
            lines = Files.readAllLines(playbook);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String refused = null;
        List<String> args = new ArrayList<>();
        Map<String, List<String>> compare = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("#")) {
                break;
            }
            Matcher header = HEADER.matcher(line);
            if (!header.matches()) {
                continue;
            }
            String value = header.group(2).strip();
            switch (header.group(1)) {
                case "refused-at-plan" -> refused = value;
                case "args" -> args.addAll(List.of(value.split("\\s+")));
                case "compare" -> {
                    List<String> words = List.of(value.split("\\s+"));
                    compare.put(words.get(0), words.subList(1, words.size()));
                }
                default -> throw new AssertionError(fileName + ": unknown header '" + header.group(1) + "' (see the corpus README)");
            }
        }
        Map<String, String> registerByTask = registers(fileName, lines);
        for (String register : compare.keySet()) {
            if (!registerByTask.containsValue(register)) {
                throw new AssertionError(fileName + ": '# muster: compare " + register + "' names no task with a name and 'register: " + register + "'");
            }
        }
        Path files = playbook.resolveSibling(name + ".files");
        return new Case(name, playbook, Files.isDirectory(files) ? files : null, refused, args, compare, registerByTask);
    }

    /**
     * Task name to register name: the {@code name:} of the task item that holds each {@code register:} line
     * (the item is the list entry whose keys start at the register key's column).
     */
    private static Map<String, String> registers(String fileName, List<String> lines) {
        Map<String, String> byTask = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher register = REGISTER.matcher(lines.get(i));
            if (!register.matches()) {
                continue;
            }
            int keyColumn = register.group(1).length() + (lines.get(i).stripLeading().startsWith("- ") ? 2 : 0);
            int first = i;
            while (first > 0 && !isItemStart(lines.get(first), keyColumn)) {
                first--;
            }
            String task = null;
            for (int j = first; j < lines.size() && (j == first || !endsItem(lines.get(j), keyColumn)); j++) {
                Matcher name = NAME.matcher(lines.get(j));
                if (name.matches() && name.group(1).length() + (name.group(2) == null ? 0 : 2) == keyColumn) {
                    task = unquote(name.group(3));
                }
            }
            if (task == null) {
                throw new AssertionError(fileName + ":" + (i + 1) + ": a task with 'register' needs a literal 'name' for the comparison");
            }
            byTask.put(task, register.group(2));
        }
        return byTask;
    }

    private static boolean isItemStart(String line, int keyColumn) {
        return line.length() > keyColumn && line.startsWith("- ", keyColumn - 2) && line.substring(0, keyColumn - 2).isBlank();
    }

    /** A line at or left of the item's dash, other than blank lines and comments, ends the item. */
    private static boolean endsItem(String line, int keyColumn) {
        String stripped = line.strip();
        return !stripped.isEmpty() && !stripped.startsWith("#") && line.indexOf(stripped) <= keyColumn - 2;
    }

    private static String unquote(String text) {
        if (text.length() >= 2 && (text.startsWith("'") && text.endsWith("'") || text.startsWith("\"") && text.endsWith("\""))) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }

    /** A fresh copy of the case: the playbook, and the contents of its .files tree beside it. */
    private static Path prepare(Path parent, Case c) throws IOException {
        Path dir = parent.resolve(c.name());
        Files.createDirectories(dir);
        if (c.files() != null) {
            copyTree(c.files(), dir);
        }
        Files.copy(c.playbook(), dir.resolve(c.playbook().getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        return dir;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    // ---- the two runs

    private static Run ansible(Path program, Path inventory, Case c, Path dir) throws Exception {
        Map<String, Entry> before = snapshot(dir);
        List<String> command = new ArrayList<>(List.of(program.toString(), "-i", inventory.toString()));
        command.addAll(c.args());
        command.add(dir.resolve(c.playbook().getFileName()).toString());
        AnsibleProgram.Result result = AnsibleProgram.run(command, dir, Map.of(
                "ANSIBLE_CALLBACK_PLUGINS", CALLBACK.toString(),
                "ANSIBLE_STDOUT_CALLBACK", "parity_json",
                "ANSIBLE_RETRY_FILES_ENABLED", "false",
                "ANSIBLE_LOCALHOST_WARNING", "false"));
        return new Run(result.code(), result.out(), result.err(), dir, before);
    }

    private static Run muster(Path inventory, Case c, Path dir, Path log) throws IOException {
        Map<String, Entry> before = snapshot(dir);
        Files.createDirectories(log.getParent());
        List<String> args = new ArrayList<>(List.of("play", "-i", inventory.toString(), "--json", "--log-file", log.toString()));
        args.addAll(c.args());
        args.add(dir.resolve(c.playbook().getFileName()).toString());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString(), dir, before);
    }

    // ---- tasks

    /** The tasks as reported, in order; both sides' paths to their work directory read as {@value #WORK}. */
    private static List<TaskRun> tasks(Run run, boolean muster) throws IOException {
        List<TaskRun> tasks = new ArrayList<>();
        Map<String, List<String>> items = new LinkedHashMap<>();
        for (String line : run.out().split("\n")) {
            if (!line.startsWith("{")) {
                continue;
            }
            JsonNode event = JSON.readTree(line.replace(run.dir().toString(), WORK));
            switch (event.path("event").asText()) {
                case "task_start" -> {
                    tasks.add(new TaskRun(event.path("name").asText(), new LinkedHashMap<>()));
                    items.clear();
                }
                case "item_result" -> items.computeIfAbsent(event.path("host").asText(), h -> new ArrayList<>()).add(status(event, muster));
                case "host_result" -> {
                    if (tasks.isEmpty()) {
                        fail("a host result before any task start: " + line);
                    }
                    String host = event.path("host").asText();
                    JsonNode result = muster ? event.path("data") : event.path("result");
                    tasks.get(tasks.size() - 1).hosts().put(host, new HostRun(status(event, muster), result, items.getOrDefault(host, List.of())));
                }
                default -> { }
            }
        }
        return tasks;
    }

    private static String status(JsonNode event, boolean muster) {
        String status = event.path("status").asText();
        return muster ? status.toLowerCase(java.util.Locale.ROOT) : status;
    }

    private static void compareTasks(Case c, List<TaskRun> theirs, List<TaskRun> ours, List<String> divergences) {
        int count = Math.max(theirs.size(), ours.size());
        for (int i = 0; i < count; i++) {
            TaskRun their = i < theirs.size() ? theirs.get(i) : null;
            TaskRun our = i < ours.size() ? ours.get(i) : null;
            String label = "task #" + (i + 1) + " '" + (their != null ? their.name() : our.name()) + "'";
            if (their == null || our == null) {
                divergences.add(label + ": run by " + (their == null ? "muster" : "ansible-playbook") + " only");
                continue;
            }
            Set<String> hosts = new TreeSet<>(their.hosts().keySet());
            hosts.addAll(our.hosts().keySet());
            for (String host : hosts) {
                HostRun a = their.hosts().get(host);
                HostRun m = our.hosts().get(host);
                String where = label + " on " + host;
                if (a == null || m == null) {
                    divergences.add(where + ": a result from " + (a == null ? "muster" : "ansible-playbook") + " only");
                    continue;
                }
                if (!a.status().equals(m.status())) {
                    divergences.add(where + ": status ansible-playbook " + a.status() + ", muster " + m.status()
                            + "\n      ansible msg: " + a.result().path("msg").asText("") + "\n      muster msg:  " + m.result().path("msg").asText(""));
                }
                if (!a.items().equals(m.items())) {
                    divergences.add(where + ": loop items ansible-playbook " + a.items() + ", muster " + m.items());
                }
                String register = c.registerByTask().get(their.name());
                if (register != null && c.compare().containsKey(register)) {
                    compareResult(where + " (" + register + ")", c.compare().get(register), a.result(), m.result(), divergences);
                }
            }
        }
    }

    private static void compareResult(String where, List<String> keys, JsonNode theirs, JsonNode ours, List<String> divergences) {
        List<String> compared = new ArrayList<>(keys);
        if (compared.isEmpty()) {
            theirs.fieldNames().forEachRemaining(compared::add);
            compared.removeIf(k -> k.startsWith("_ansible") || VOLATILE.contains(k));
        }
        for (String key : compared) {
            JsonNode a = theirs.get(key);
            JsonNode m = ours.get(key);
            if (a == null && m == null) {
                divergences.add(where + ": neither result has the key '" + key + "' (fix the case)");
            } else if (a == null || m == null || !a.equals(m)) {
                divergences.add(where + ": ." + key + " ansible-playbook " + a + ", muster " + m);
            }
        }
    }

    // ---- trees

    static Map<String, Entry> snapshot(Path dir) throws IOException {
        Map<String, Entry> entries = new TreeMap<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                entries.put(dir.relativize(d) + "/", new Entry("directory " + mode(d), null));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String name = dir.relativize(f).toString();
                if (attrs.isSymbolicLink()) {
                    entries.put(name, new Entry("link to " + Files.readSymbolicLink(f).toString().replace(dir.toString(), WORK), null));
                } else if (attrs.isRegularFile()) {
                    byte[] content = Files.readAllBytes(f);
                    entries.put(name, new Entry("file " + mode(f) + ", " + content.length + " bytes, sha256 " + sha256(content), content));
                } else {
                    entries.put(name, new Entry("special file " + mode(f), null));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return entries;
    }

    private static void compareTrees(Map<String, Entry> theirs, Map<String, Entry> ours, List<String> divergences) {
        Set<String> names = new TreeSet<>(theirs.keySet());
        names.addAll(ours.keySet());
        for (String name : names) {
            Entry a = theirs.get(name);
            Entry m = ours.get(name);
            if (a == null || m == null) {
                divergences.add("file " + name + ": only in " + (a == null ? "muster's" : "ansible-playbook's") + " tree ("
                        + (a == null ? m : a).description() + ")");
            } else if (!a.description().equals(m.description())) {
                String detail = "file " + name + ": ansible-playbook " + a.description() + ", muster " + m.description();
                if (a.content() != null && m.content() != null && a.content().length < 4096 && m.content().length < 4096) {
                    detail += "\n      ansible-playbook: " + printable(a.content()) + "\n      muster:           " + printable(m.content());
                }
                divergences.add(detail);
            }
        }
    }

    private static String printable(byte[] content) {
        return JSON.valueToTree(new String(content, StandardCharsets.UTF_8)).toString();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
