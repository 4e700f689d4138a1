package dev.muster.setup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.MusterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageRepositoryTest {

    @TempDir
    Path dir;
    Path repo;

    @BeforeEach
    void repository() throws IOException, InterruptedException {
        repo = dir.resolve("debian-bookworm");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("a_1.0_all.deb"), "package a");
        Files.writeString(repo.resolve("Packages"), "Package: a\n");
        Process sums = new ProcessBuilder("sh", "-c", "sha256sum a_1.0_all.deb Packages > SHA256SUMS").directory(repo.toFile()).start();
        assertEquals(0, sums.waitFor());
    }

    @Test
    void noRepositoryMeansTheHostsOwnSources() {
        assertEquals(Optional.empty(), new PackageRepository(dir.resolve("nothing")).verified());
    }

    @Test
    void aVerifiedRepositoryPacksToTheSameBytesEveryTime() throws IOException {
        Path tar = new PackageRepository(repo).verified().orElseThrow().archive();
        byte[] first = Files.readAllBytes(tar);
        Files.delete(tar);
        Files.delete(dir.resolve(".debian-bookworm.tar.sums"));
        byte[] again = Files.readAllBytes(new PackageRepository(repo).verified().orElseThrow().archive());
        assertArrayEquals(first, again, "the same repository must pack to the same bytes, or every host would copy it again");
        long modified = Files.getLastModifiedTime(tar).toMillis();
        new PackageRepository(repo).verified();
        assertEquals(modified, Files.getLastModifiedTime(tar).toMillis(), "an unchanged repository is not packed again");
    }

    @Test
    void aChangedPackageIsRefusedByName() throws IOException {
        Files.writeString(repo.resolve("a_1.0_all.deb"), "package a, changed");
        MusterException e = assertThrows(MusterException.class, () -> new PackageRepository(repo).verified());
        assertTrue(e.getMessage().contains("a_1.0_all.deb does not match its SHA-256"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("debian-bookworm.tar")), "nothing was packed");
    }

    @Test
    void aMissingOrAddedFileIsRefused() throws IOException {
        Files.writeString(repo.resolve("extra_1.0_all.deb"), "smuggled");
        MusterException added = assertThrows(MusterException.class, () -> new PackageRepository(repo).verified());
        assertTrue(added.getMessage().contains("extra_1.0_all.deb is not listed"), added.getMessage());
        Files.delete(repo.resolve("extra_1.0_all.deb"));
        Files.delete(repo.resolve("Packages"));
        MusterException missing = assertThrows(MusterException.class, () -> new PackageRepository(repo).verified());
        assertTrue(missing.getMessage().contains("Packages is listed in SHA256SUMS but missing"), missing.getMessage());
    }
}
