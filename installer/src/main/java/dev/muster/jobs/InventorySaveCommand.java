package dev.muster.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Version;
import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code muster inventory save NAME FILE}: stores an INI inventory on the cluster under NAME (replacing one of that
 * name); the cluster parses it with the engine's parser and refuses a broken one with its line (exit 4).
 */
@Command(name = "save", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Store an INI inventory on the cluster under NAME (the cluster checks it; a broken one is refused with its line).")
public final class InventorySaveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @Parameters(index = "0", paramLabel = "NAME", description = "The inventory's name on the cluster.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "The INI inventory file.")
    Path file;

    @Override
    public Integer call() {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MusterException(null, "cannot read inventory " + file + ": " + e, Failure.BAD_REQUEST, e);
        }
        PrintWriter out = spec.commandLine().getOut();
        JsonNode answer = api.connect(spec.commandLine().getErr()).post("/api/v1/inventories/", Map.of("name", name, "content", content));
        return api.show(out, answer, "inventory " + name + " saved");
    }
}
