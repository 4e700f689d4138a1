package dev.muster.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removal of the node's temporary directories (a job's, an inventory check's, a half-unpacked revision). */
public final class TempDirs {
    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it, best effort: a leftover temporary file harms nothing. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort, see above
        }
    }
}
