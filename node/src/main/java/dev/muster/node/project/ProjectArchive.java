package dev.muster.node.project;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks a project's {@code .tar.gz} (POSIX ustar, with pax and GNU long names) into a directory: regular files
 * and directories only. A path that would land outside the directory (absolute, {@code ..}), a link, a device or
 * a truncated archive is refused with its name, and the caller drops what was written.
 */
public final class ProjectArchive {
    private static final int BLOCK = 512;

    private ProjectArchive() {
    }

    /** Thrown for an archive we refuse; the message names the entry. */
    public static final class BadArchive extends IOException {
        public BadArchive(String message) {
            super(message);
        }
    }

    /** Unpacks {@code targz} into {@code dir} (which must exist); returns the number of files written. */
    public static int unpack(byte[] targz, Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(targz), 65536)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readBlock(in, header)) {
                    throw new BadArchive("the archive ends without its end-of-archive blocks (truncated?)");
                }
                if (isZero(header)) {
                    return files;
                }
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                String name = longName != null ? longName : name(header);
                longName = null;
                switch (type) {
                    case 'x' -> {
                        longName = paxPath(readData(in, size));
                        continue;
                    }
                    case 'g' -> {
                        readData(in, size);
                        continue;
                    }
                    case 'L' -> {
                        longName = cString(readData(in, size), 0, (int) size);
                        continue;
                    }
                    default -> {
                        // an entry, below
                    }
                }
                Path target = inside(root, name);
                if (type == '5') {
                    Files.createDirectories(target);
                } else if (type == '0' || type == '\0' || type == '7') {
                    Files.createDirectories(target.getParent());
                    try (var out = Files.newOutputStream(target)) {
                        copy(in, out, size);
                    }
                    skipPadding(in, size);
                    files++;
                } else {
                    throw new BadArchive(name + ": entry type '" + type + "' refused (only files and directories;"
                            + " links could point outside the project)");
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new BadArchive("not a gzip archive: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new BadArchive("the archive is truncated");
        }
    }

    /** The entry's path under root, or BadArchive when it would leave it. */
    static Path inside(Path root, String name) throws BadArchive {
        if (name.isEmpty() || name.startsWith("/") || name.contains("\0")) {
            throw new BadArchive(name + ": absolute or empty path refused");
        }
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) {
            throw new BadArchive(name + ": path outside the project directory refused");
        }
        return p;
    }

    private static String name(byte[] h) {
        String name = cString(h, 0, 100);
        if ("ustar".equals(cString(h, 257, 6).strip())) {
            String prefix = cString(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
        }
        return name;
    }

    private static String paxPath(byte[] data) throws BadArchive {
        String text = new String(data, StandardCharsets.UTF_8);
        int i = 0;
        String path = null;
        while (i < text.length()) {
            int space = text.indexOf(' ', i);
            if (space < 0) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(text.substring(i, space));
            } catch (NumberFormatException e) {
                throw new BadArchive("malformed pax header");
            }
            if (len <= 0 || i + len > text.length()) {
                throw new BadArchive("malformed pax header");
            }
            String record = text.substring(space + 1, i + len - 1);
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            i += len;
        }
        return path;
    }

    private static boolean readBlock(InputStream in, byte[] block) throws IOException {
        return in.readNBytes(block, 0, BLOCK) == BLOCK;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new BadArchive("header block too large");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new BadArchive("the archive is truncated");
        }
        skipPadding(in, size);
        return data;
    }

    private static void copy(InputStream in, java.io.OutputStream out, long size) throws IOException {
        byte[] buf = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new BadArchive("the archive is truncated");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        long pad = (BLOCK - size % BLOCK) % BLOCK;
        if (in.readNBytes((int) pad).length != pad) {
            throw new BadArchive("the archive is truncated");
        }
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static long octal(byte[] h, int off, int len) throws BadArchive {
        if ((h[off] & 0x80) != 0) {
            throw new BadArchive("entry sizes of 8 GB and more are refused");
        }
        String s = cString(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new BadArchive("malformed tar header (size '" + s + "')");
        }
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }
}
