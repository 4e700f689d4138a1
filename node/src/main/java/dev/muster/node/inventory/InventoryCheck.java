package dev.muster.node.inventory;

import dev.muster.error.MusterException;
import dev.muster.inventory.InventoryLoader;
import dev.muster.node.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an inventory's INI text with the engine's own parser, as {@code muster play -i} would read it, and
 * writes it where a job reads it. A mistake comes back as {@code inventory NAME:LINE: ...}.
 */
public final class InventoryCheck {
    private InventoryCheck() {
    }

    /** Null when the text parses, else the one-line reason. */
    public static String problem(String name, String content) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("muster-inventory-");
            Path file = write(dir, content);
            InventoryLoader.load(List.of(file));
            return null;
        } catch (MusterException e) {
            return e.describe().replace(dir.resolve(FILE_NAME).toString(), "inventory " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    /** The file name inventories get on disk: an .ini, so that the engine reads INI without trying YAML first. */
    public static final String FILE_NAME = "inventory.ini";

    /** Writes {@code content} as {@code dir/inventory.ini} and returns that path. */
    public static Path write(Path dir, String content) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }
}
