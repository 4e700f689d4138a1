package dev.muster.setup;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The Debian repository shipped with the installer ({@code repos/debian-bookworm}, made by
 * bundle/repo). Before any host is touched, every file is checked against SHA256SUMS and a file
 * that is not listed is refused too; then it is packed once into one deterministic tar that the
 * packages role copies to each host (one transfer instead of a hundred, and the same bytes every
 * time, so an unchanged repository is not copied again).
 */
public final class PackageRepository {

    private final Path dir;

    public PackageRepository(Path dir) {
        this.dir = dir;
    }

    /**
     * The repository packed for the hosts: the archive, and its identity (the SHA-256 of its
     * SHA256SUMS), which a host keeps beside its copy so that an unchanged repository costs no
     * transfer and no hashing of a large file there.
     */
    public record Packed(Path archive, String id) {
    }

    /** The verified, packed repository, or empty when the installer carries none. */
    public Optional<Packed> verified() {
        Path sums = dir.resolve("SHA256SUMS");
        if (!Files.isRegularFile(sums)) {
            return Optional.empty();
        }
        verify(sums);
        try {
            return Optional.of(new Packed(archive(sums), sha256(sums)));
        } catch (IOException e) {
            throw refused("cannot read it: " + e.getMessage());
        }
    }

    private void verify(Path sums) {
        TreeSet<String> listed = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\\s+\\*?", 2);
                if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                    throw refused("SHA256SUMS has a malformed line: " + line);
                }
                String name = parts[1].strip();
                Path file = dir.resolve(name).normalize();
                if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                    throw refused(name + " is listed in SHA256SUMS but missing");
                }
                if (!sha256(file).equals(parts[0])) {
                    throw refused(name + " does not match its SHA-256 in SHA256SUMS: the file was changed or damaged");
                }
                listed.add(name);
            }
            try (var files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = dir.relativize(file).toString();
                    if (!name.equals("SHA256SUMS") && !listed.contains(name)) {
                        throw refused(name + " is not listed in SHA256SUMS: a file was added to the repository");
                    }
                }
            }
        } catch (IOException e) {
            throw refused("cannot read it: " + e.getMessage());
        }
    }

    /** Packs the repository beside it unless a pack of the same SHA256SUMS is already there. */
    private Path archive(Path sums) {
        Path tar = dir.resolveSibling(dir.getFileName() + ".tar");
        Path stamp = dir.resolveSibling("." + dir.getFileName() + ".tar.sums");
        try {
            String expected = sha256(sums);
            if (Files.isRegularFile(tar) && Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(expected)) {
                return tar;
            }
            Path partial = dir.resolveSibling(dir.getFileName() + ".tar.partial");
            // GNU tar with fixed order, times and owners: the same repository always packs to the same bytes
            Process tarProcess = new ProcessBuilder("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                    "-cf", partial.toString(), "-C", dir.toString(), ".").redirectErrorStream(true).start();
            String output = new String(tarProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (tarProcess.waitFor() != 0) {
                throw refused("packing it failed: " + output.strip());
            }
            Files.move(partial, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.writeString(stamp, expected + "\n");
            return tar;
        } catch (IOException e) {
            throw refused("packing it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused("interrupted while packing it");
        }
    }

    private MusterException refused(String why) {
        return new MusterException(null, "the package repository " + dir + " is refused: " + why
                + " (nothing was copied to any host; rebuild it with bundle/repo, or unpack the bundle again)", dev.muster.error.Failure.BAD_REQUEST, null);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
