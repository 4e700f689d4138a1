package dev.muster.node;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The node's identity: a UUID created once and kept in a file. It never depends on a host name lookup,
 * so renaming a host, restoring onto another one or a resolver fault cannot make a node lose itself
 * (Tower's "No instance found with the current cluster host id").
 */
public final class NodeIdentity {
    private NodeIdentity() {
    }

    /** Reads the UUID in {@code file}, creating the file with a new UUID the first time. */
    public static UUID loadOrCreate(Path file) {
        UUID existing = read(file);
        if (existing != null) {
            return existing;
        }
        UUID fresh = UUID.randomUUID();
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, ".node-id.", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(StandardCharsets.US_ASCII.encode(fresh + "\n"));
                ch.force(true);
            }
            // A hard link publishes the complete file atomically and, unlike a rename, never replaces
            // an id another process wrote meanwhile: the first writer wins and everybody reads it.
            Files.createLink(file, tmp);
            return fresh;
        } catch (FileAlreadyExistsException e) {
            UUID winner = read(file);
            if (winner == null) {
                throw new ConfigException(file + ": node id file vanished while being created");
            }
            return winner;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot create the node id file: " + OneLine.of(e));
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray temp file is harmless
                }
            }
        }
    }

    private static UUID read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the node id file: " + OneLine.of(e));
        }
        try {
            UUID id = UUID.fromString(text);
            if (!id.toString().equals(text.toLowerCase())) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ":1: not a node id (expected a UUID; delete the file only if this host"
                    + " should become a new node)");
        }
    }
}
