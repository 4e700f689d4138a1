package dev.muster.node.credential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muster.node.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialCipherTest {
    @TempDir
    Path tmp;

    private SecretKey key(byte fill) throws Exception {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, fill);
        Path f = tmp.resolve("key" + fill);
        Files.writeString(f, Base64.getEncoder().encodeToString(raw) + "\n");
        return ClusterKey.load(f);
    }

    @Test
    void roundTripsAndBindsTheName() throws Exception {
        CredentialCipher c = new CredentialCipher(key((byte) 1));
        byte[] plain = "-----BEGIN OPENSSH PRIVATE KEY-----".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = c.encrypt("prod", plain);
        assertEquals(12 + plain.length + 16, sealed.length);
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("BEGIN"), "not in the clear");
        assertArrayEquals(plain, c.decrypt("prod", sealed));
        assertThrows(GeneralSecurityException.class, () -> c.decrypt("other", sealed), "copied to another row");
        assertThrows(GeneralSecurityException.class, () -> new CredentialCipher(key((byte) 2)).decrypt("prod", sealed));
        sealed[20] ^= 1;
        assertThrows(GeneralSecurityException.class, () -> c.decrypt("prod", sealed), "altered");
        byte[] again = c.encrypt("prod", plain);
        assertFalse(java.util.Arrays.equals(again, c.encrypt("prod", plain)), "a fresh nonce each time");
    }

    @Test
    void keyFileMustHold32Base64Bytes() throws Exception {
        assertNull(ClusterKey.load(tmp.resolve("absent")));
        Path shortKey = tmp.resolve("short");
        Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
        assertTrue(assertThrows(ConfigException.class, () -> ClusterKey.load(shortKey)).getMessage().contains("32 bytes"));
        Path junk = tmp.resolve("junk");
        Files.writeString(junk, "not base64 !!");
        assertTrue(assertThrows(ConfigException.class, () -> ClusterKey.load(junk)).getMessage().contains("base64"));
    }
}
