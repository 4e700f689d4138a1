package dev.muster.playbook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes of a controller-side file, read once while any task still holds them: every host that copies the same
 * source at the same time shares one array. Without it, setup's copy of the 166 MB package archive to eleven nodes
 * held eleven copies and ran the controller out of heap. An entry lives only as long as some task keeps the array
 * (a weak reference), and a file changed since (size or modification time) is read again.
 */
final class SharedFileBytes {
    private record Key(Path path, long size, long modified) {
    }

    private static final int PRUNE_ABOVE = 256;
    private static final Map<Key, WeakReference<byte[]>> READS = new ConcurrentHashMap<>();

    private SharedFileBytes() {
    }

    static byte[] read(Path file) throws IOException {
        Path real = file.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        Key key = new Key(real, attributes.size(), attributes.lastModifiedTime().toMillis());
        byte[][] bytes = new byte[1][];
        try {
            READS.compute(key, (k, held) -> {
                bytes[0] = held == null ? null : held.get();
                if (bytes[0] == null) {
                    bytes[0] = readWhole(real);
                }
                return held != null && held.get() == bytes[0] ? held : new WeakReference<>(bytes[0]);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (READS.size() > PRUNE_ABOVE) {
            READS.values().removeIf(held -> held.get() == null);
        }
        return bytes[0];
    }

    private static byte[] readWhole(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
