package dev.muster.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.muster.cli.Main;
import dev.muster.parity.AnsibleProgram;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every inventory of the corpus (src/test/resources/inventories, one directory per case) is read by
 * the real {@code ansible-inventory} (ansible-core 2.14) and by {@code muster inventory}, and the
 * outputs must agree: {@code --list} as parsed JSON and as text, {@code --graph --vars} as text, and
 * {@code --host} for every host (against --list's _meta.hostvars, which ansible-inventory --host prints). A case's {@code .args} lists its {@code -i} sources (default: hosts).
 * Without ansible-inventory this test fails: the parity claim cannot be checked otherwise.
 */
class AnsibleInventoryParityIT {

    private static final Path CORPUS = Path.of("src/test/resources/inventories");
    private static final Path EXAMPLE = Path.of("..", "inventory.example").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final ExecutorService ANSIBLE = Executors.newFixedThreadPool(3);
    private static final Map<String, Future<Result>> PENDING = new ConcurrentHashMap<>();

    record Result(int code, String out, String err) {
    }

    @AfterAll
    static void stopPool() {
        ANSIBLE.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesAnsibleInventory() throws IOException {
        Path ansible = AnsibleProgram.require("ansible-inventory");
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(cases.size() >= 25, "the corpus must hold at least 25 inventories, found " + cases.size());
        Map<Path, List<String>> sourcesByCase = new java.util.LinkedHashMap<>();
        for (Path dir : cases) {
            sourcesByCase.put(dir, sourcesOf(dir));
        }
        // The example README's first command lists must mean the same too.
        sourcesByCase.put(EXAMPLE.getParent(), List.of(EXAMPLE.toString()));
        sourcesByCase.forEach((dir, sources) -> {
            submit(dir, "list", ansible, sources, "--list");
            submit(dir, "graph", ansible, sources, "--graph", "--vars");
        });
        return sourcesByCase.entrySet().stream().map(e -> DynamicTest.dynamicTest(
                e.getKey().equals(EXAMPLE.getParent()) ? "inventory.example" : e.getKey().getFileName().toString(),
                () -> check(ansible, e.getKey(), e.getValue())));
    }

    private void check(Path ansible, Path dir, List<String> sources) throws Exception {
        Result theirs = await(dir, "list");
        assertEquals(0, theirs.code(), "ansible-inventory failed on " + dir + ": " + theirs.err());
        assertFalse(theirs.err().contains("Unable to parse") || theirs.err().contains("Skipping"),
                "ansible-inventory did not read the whole case " + dir + " (fix the case): " + theirs.err());
        Result ours = muster(sources, "--list");
        assertEquals(0, ours.code(), "muster failed on " + dir + ": " + ours.err());
        assertEquals(JSON.readTree(theirs.out()), JSON.readTree(ours.out()), "--list differs for " + dir);
        assertEquals(theirs.out(), ours.out(), "--list text (key order, layout) differs for " + dir);

        Result theirGraph = await(dir, "graph");
        assertEquals(theirGraph.out(), muster(sources, "--graph", "--vars").out(), "--graph --vars differs for " + dir);

        // ansible-inventory --host prints exactly what --list puts under _meta.hostvars (both come from
        // _get_host_variables), so every host's --host output is checked against that, without a process each.
        JsonNode hostvars = JSON.readTree(theirs.out()).path("_meta").path("hostvars");
        var names = hostvars.fieldNames();
        while (names.hasNext()) {
            String host = names.next();
            Result ourHost = muster(sources, "--host", host);
            assertEquals(0, ourHost.code(), ourHost.err());
            assertEquals(hostvars.get(host), JSON.readTree(ourHost.out()), "--host " + host + " differs for " + dir);
        }
    }

    private static List<String> sourcesOf(Path dir) throws IOException {
        Path args = dir.resolve(".args");
        List<String> lines = Files.exists(args)
                ? Files.readAllLines(args).stream().map(String::strip).filter(l -> !l.isEmpty()).toList()
                : List.of(Stream.of("hosts", "hosts.yml", "hosts.yaml").filter(f -> Files.exists(dir.resolve(f)))
                        .findFirst().orElseThrow(() -> new AssertionError("no hosts file and no .args in " + dir)));
        List<String> sources = new ArrayList<>();
        for (String line : lines) {
            boolean hostList = line.contains(",") && !Files.exists(dir.resolve(line));
            sources.add(hostList ? line : dir.resolve(line).toAbsolutePath().toString());
        }
        return sources;
    }

    private static void submit(Path dir, String key, Path ansible, List<String> sources, String... action) {
        PENDING.put(dir + "#" + key, ANSIBLE.submit(() -> run(dir, ansible, sources, action)));
    }

    private static Result await(Path dir, String key) throws Exception {
        return PENDING.get(dir + "#" + key).get(5, TimeUnit.MINUTES);
    }

    private static Result run(Path dir, Path ansible, List<String> sources, String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of(ansible.toString()));
        for (String source : sources) {
            command.add("-i");
            command.add(source);
        }
        command.addAll(List.of(action));
        AnsibleProgram.Result result = AnsibleProgram.run(command, dir, Map.of("ANSIBLE_INVENTORY_UNPARSED_FAILED", "1"));
        return new Result(result.code(), result.out(), result.err());
    }

    private static Result muster(List<String> sources, String... action) {
        List<String> args = new ArrayList<>(List.of("inventory"));
        for (String source : sources) {
            args.add("-i");
            args.add(source);
        }
        args.addAll(List.of(action));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }
}
