package dev.muster.node.credential;

import dev.muster.node.ConfigException;
import dev.muster.node.OneLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster key: 32 random bytes, base64 on one line in {@code cluster.key_file} (0600), the same on every node
 * (setup copies it), never in the database or a log. Absent, the node runs but cannot store or use credentials.
 */
public final class ClusterKey {
    private ClusterKey() {
    }

    /** The key, or null when the file does not exist; a file that holds no 32-byte key is a configuration error. */
    public static SecretKey load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the cluster key (cluster.key_file): " + OneLine.of(e));
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": the cluster key is not base64 (cluster.key_file)");
        }
        if (raw.length != 32) {
            throw new ConfigException(file + ": the cluster key must be 32 bytes, it has " + raw.length
                    + " (cluster.key_file)");
        }
        return new SecretKeySpec(raw, "AES");
    }
}
