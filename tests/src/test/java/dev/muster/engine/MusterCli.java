package dev.muster.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import dev.muster.lab.Lab;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Runs {@code muster play} against the lab, in this JVM or as a separate process. */
final class MusterCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run printed: the console or JSON lines on stdout, errors on stderr, and the log file. */
    record Result(int exit, String out, String err, String log) {

        /** Every line of the JSON log as objects. */
        List<JsonNode> events() {
            List<JsonNode> events = new ArrayList<>();
            for (String line : log.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        events.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return events;
        }

        /** host -> recap counters of the last recap in the log. */
        Map<String, JsonNode> recap() {
            List<JsonNode> events = events();
            for (int i = events.size() - 1; i >= 0; i--) {
                if (events.get(i).path("event").asText().equals("recap")) {
                    Map<String, JsonNode> hosts = new TreeMap<>();
                    events.get(i).path("hosts").fields().forEachRemaining(e -> hosts.put(e.getKey(), e.getValue()));
                    return hosts;
                }
            }
            throw new AssertionError("no recap in the log:\n" + log + "\nstderr:\n" + err);
        }

        int total(String counter) {
            return recap().values().stream().mapToInt(stats -> stats.path(counter).asInt()).sum();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private MusterCli() {
    }

    /** An INI inventory of lab hosts (root, the lab key) plus extra lines. */
    static Path inventory(Lab lab, Path work, List<String> hosts, String... extraLines) {
        StringBuilder text = new StringBuilder("[lab]\n");
        for (String host : hosts) {
            text.append(host).append(" ansible_host=").append(lab.address(host)).append('\n');
        }
        for (String line : extraLines) {
            text.append(line).append('\n');
        }
        text.append("[all:vars]\nansible_user=root\nansible_ssh_private_key_file=").append(lab.privateKey()).append('\n');
        Path file = work.resolve("inventory-" + System.nanoTime() + ".ini");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path write(Path work, String name, String text) {
        try {
            Path file = work.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(MusterCli.class.getResource("/engine/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The options every run against the lab needs: its inventory, its host keys (strictly), a log file. */
    static List<String> labArgs(Lab lab, Path log) {
        return List.of("-i", lab.inventory().toString(), "--known-hosts", lab.knownHosts().toString(),
                "--host-key-policy", "strict", "--log-file", log.toString());
    }

    static Result play(Lab lab, Path work, Path playbook, String... more) {
        return playWith(lab, work, playbook, lab.inventory(), more);
    }

    /** A run with another inventory (still the lab's key and host keys). */
    static Result playWith(Lab lab, Path work, Path playbook, Path inventory, String... more) {
        Path log = work.resolve("muster-" + System.nanoTime() + ".log");
        List<String> args = new ArrayList<>(List.of("play", playbook.toString()));
        args.addAll(labArgs(lab, log));
        args.set(3, inventory.toString());
        args.addAll(List.of(more));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        try {
            String logText = Files.exists(log) ? Files.readString(log) : "";
            return new Result(exit, out.toString(), err.toString(), logText);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code muster play} in a separate JVM (same class path), so that it can be killed. */
    static Process start(Lab lab, Path work, Path playbook, Path output, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.muster.cli.Main", "play", playbook.toString()));
        command.addAll(labArgs(lab, work.resolve("killed.log")));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
