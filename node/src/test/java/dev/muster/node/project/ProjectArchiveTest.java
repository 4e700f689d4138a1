package dev.muster.node.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives made by the real tar(1), as users make them; and hostile ones. */
class ProjectArchiveTest {
    @TempDir
    Path tmp;

    private byte[] tar(Path dir, String... args) throws Exception {
        Path out = tmp.resolve("a-" + System.nanoTime() + ".tar.gz");
        List<String> cmd = new java.util.ArrayList<>(List.of("tar", "-czf", out.toString(), "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        return Files.readAllBytes(out);
    }

    @Test
    void unpacksFilesDirectoriesAndLongNames() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("site.yml"), "- hosts: all\n");
        String deep = "roles/" + "x".repeat(120) + "/tasks";
        Files.createDirectories(src.resolve(deep));
        Files.writeString(src.resolve(deep).resolve("main.yml"), "- debug: msg=hi\n");
        for (String format : List.of("--format=gnu", "--format=posix", "--format=ustar")) {
            Path dest = Files.createDirectories(tmp.resolve("dest" + format.hashCode()));
            List<String> args = format.equals("--format=ustar") ? List.of(format, "site.yml") : List.of(format, ".");
            int files = ProjectArchive.unpack(tar(src, args.toArray(String[]::new)), dest);
            assertEquals("- hosts: all\n", Files.readString(dest.resolve("site.yml")), format);
            if (!format.equals("--format=ustar")) {
                assertEquals(2, files, format);
                assertEquals("- debug: msg=hi\n", Files.readString(dest.resolve(deep).resolve("main.yml")), format);
            }
        }
    }

    @Test
    void refusesPathsOutsideLinksAndGarbage() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("evil/a"));
        Files.writeString(tmp.resolve("evil/escape.yml"), "x");
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        byte[] escaping = tar(src, "-P", "--transform=s,^,../../,", "../escape.yml");
        ProjectArchive.BadArchive e = assertThrows(ProjectArchive.BadArchive.class, () -> ProjectArchive.unpack(escaping, dest));
        assertTrue(e.getMessage().contains("outside the project directory"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escape.yml")));

        Files.createSymbolicLink(src.resolve("link"), Path.of("/etc/passwd"));
        byte[] linked = tar(src, "link");
        assertTrue(assertThrows(ProjectArchive.BadArchive.class, () -> ProjectArchive.unpack(linked, dest)).getMessage()
                .contains("link: entry type '2' refused"));

        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        junk.write("not gzip".getBytes());
        assertThrows(ProjectArchive.BadArchive.class, () -> ProjectArchive.unpack(junk.toByteArray(), dest));
        byte[] good = tar(src, ".");
        byte[] cut = java.util.Arrays.copyOf(good, good.length / 2);
        assertThrows(java.io.IOException.class, () -> ProjectArchive.unpack(cut, dest));
    }
}
