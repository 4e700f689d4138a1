package dev.muster.setup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.error.ExitCodes;
import dev.muster.error.MusterException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleChecksumsTest {

    @TempDir
    Path bundle;

    /** A small bundle as bundle/build makes it, with SHA256SUMS written by the real sha256sum. */
    @BeforeEach
    void bundle() throws IOException, InterruptedException {
        write("setup.sh", "#!/bin/sh\n");
        write("lib/muster.jar", "jar");
        write("roles/node/tasks/main.yml", "- debug: msg=hi\n");
        write("repos/debian-bookworm/a_1.0_all.deb", "package a");
        write("repos/debian-bookworm/Packages", "Package: a\n");
        write("playbooks/install.yml", "- hosts: tower\n");
        Files.createSymbolicLink(bundle.resolve("playbooks/roles"), Path.of("../roles"));
        write("inventory", "[tower]\nlocalhost ansible_connection=local\n");
        Process sums = new ProcessBuilder("sh", "-c",
                "find . -type f ! -path ./inventory ! -path ./SHA256SUMS -printf '%P\\n' | sort | xargs sha256sum > SHA256SUMS").directory(bundle.toFile()).start();
        assertEquals(0, sums.waitFor());
    }

    private void write(String name, String text) throws IOException {
        Path file = bundle.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private MusterException refused() {
        MusterException e = assertThrows(MusterException.class, () -> BundleChecksums.verifyIfBundle(bundle));
        assertEquals(ExitCodes.BAD_OPTIONS, ExitCodes.of(e.failure()));
        assertTrue(e.getMessage().contains("nothing was copied to any host"), e.getMessage());
        return e;
    }

    @Test
    void anIntactBundlePasses() {
        assertEquals(List.of(), new BundleChecksums(bundle).problems());
        assertDoesNotThrow(() -> BundleChecksums.verifyIfBundle(bundle));
    }

    @Test
    void aCheckoutHasNoSumsAndIsNotChecked() throws IOException {
        Files.delete(bundle.resolve("SHA256SUMS"));
        write("lib/anything.jar", "not listed anywhere");
        assertDoesNotThrow(() -> BundleChecksums.verifyIfBundle(bundle));
    }

    @Test
    void aChangedPackageIsRefusedByName() throws IOException {
        write("repos/debian-bookworm/a_1.0_all.deb", "package a, changed");
        MusterException e = refused();
        assertTrue(e.getMessage().contains("repos/debian-bookworm/a_1.0_all.deb: changed or damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("1 file does not match"), e.getMessage());
    }

    @Test
    void everyBadFileIsNamedAtOnce() throws IOException {
        write("lib/muster.jar", "truncat");
        Files.delete(bundle.resolve("roles/node/tasks/main.yml"));
        write("lib/evil.jar", "would be on the class path");
        write("roles/node/tasks/extra.yml", "- shell: rm -rf /\n");
        MusterException e = refused();
        String m = e.getMessage();
        assertTrue(m.contains("lib/muster.jar: changed or damaged"), m);
        assertTrue(m.contains("roles/node/tasks/main.yml: missing"), m);
        assertTrue(m.contains("lib/evil.jar: not part of the bundle"), m);
        assertTrue(m.contains("roles/node/tasks/extra.yml: not part of the bundle"), m);
        assertTrue(m.contains("4 files do not match"), m);
    }

    @Test
    void theOperatorsOwnFilesAndWhatSetupWritesAreAllowed() throws IOException {
        write("inventory", "[tower]\nhosta\n"); // edited in place
        write("setup.log", "{}\n");
        write("my-vars.yml", "x: 1\n");
        write("repos/debian-bookworm.tar", "pack");
        write("repos/.debian-bookworm.tar.sums", "stamp");
        assertEquals(List.of(), new BundleChecksums(bundle).problems());
    }

    @Test
    void aLinkLeadingOutOfTheBundleIsRefused(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("x.yml"), "- shell: id\n");
        Files.createSymbolicLink(bundle.resolve("roles/node/tasks/more.yml"), elsewhere.resolve("x.yml"));
        assertTrue(refused().getMessage().contains("roles/node/tasks/more.yml: a link leading out of the bundle"));
    }

    @Test
    void aListedFileReplacedByALinkOutsideIsRefused(@TempDir Path elsewhere) throws IOException {
        Path jar = bundle.resolve("lib/muster.jar");
        Files.writeString(elsewhere.resolve("muster.jar"), "jar");
        Files.delete(jar);
        Files.createSymbolicLink(jar, elsewhere.resolve("muster.jar"));
        assertTrue(refused().getMessage().contains("lib/muster.jar: a link to a file outside the bundle"));
    }

    @Test
    void malformedOrEscapingLinesAreRefused() throws IOException {
        Files.writeString(bundle.resolve("SHA256SUMS"), Files.readString(bundle.resolve("SHA256SUMS"))
                + "nonsense\n" + "0".repeat(64) + "  ../outside\n");
        String m = refused().getMessage();
        assertTrue(m.contains("not a checksum of a file in the bundle: nonsense"), m);
        assertTrue(m.contains("../outside"), m);
    }
}
