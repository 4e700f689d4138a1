package dev.muster.jobs;

import dev.muster.error.Failure;
import dev.muster.error.MusterException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * What a project update uploads: a {@code .tar.gz} as it is, or a directory packed into one. A directory is packed by
 * GNU tar with sorted names, time 0 and owner 0 (as the package repository is), then gzip with no name or time in its
 * header: the same files always give the same bytes, so the same revision (the archive's SHA-256).
 */
final class ProjectArchive {

    private ProjectArchive() {
    }

    static byte[] of(Path source) {
        if (Files.isDirectory(source)) {
            return packed(source);
        }
        if (!Files.isRegularFile(source)) {
            throw new MusterException(null, source + " is neither a directory nor a .tar.gz file", Failure.BAD_REQUEST, null);
        }
        try {
            byte[] bytes = Files.readAllBytes(source);
            if (bytes.length < 2 || (bytes[0] & 0xff) != 0x1f || (bytes[1] & 0xff) != 0x8b) {
                throw new MusterException(null, source + " is not a gzip file: give a .tar.gz or the project's directory",
                        Failure.BAD_REQUEST, null);
            }
            return bytes;
        } catch (IOException e) {
            throw new MusterException(null, "cannot read " + source + ": " + e, Failure.BAD_REQUEST, e);
        }
    }

    private static byte[] packed(Path dir) {
        try {
            Process tar = new ProcessBuilder("tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
                    "--exclude-vcs", "-cf", "-", "-C", dir.toString(), ".").redirectError(ProcessBuilder.Redirect.PIPE).start();
            tar.getOutputStream().close();
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            // drained on a thread of its own: a tar that fills the error pipe would otherwise never finish
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try (InputStream in = tar.getErrorStream()) {
                    in.transferTo(errors);
                } catch (IOException ignored) {
                    // tar's exit code says what went wrong
                }
            }, "tar-stderr");
            drain.start();
            try (GZIPOutputStream out = new GZIPOutputStream(gz); InputStream in = tar.getInputStream()) {
                in.transferTo(out);
            }
            drain.join();
            if (tar.waitFor() != 0) {
                throw new MusterException(null, "cannot pack " + dir + ": tar: " + errors.toString(StandardCharsets.UTF_8).strip(),
                        Failure.BAD_REQUEST, null);
            }
            return gz.toByteArray();
        } catch (IOException e) {
            throw new MusterException(null, "cannot pack " + dir + " (GNU tar is needed): " + e.getMessage(), Failure.ERROR, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MusterException(null, "interrupted while packing " + dir, Failure.CANCELLED, e);
        }
    }
}
