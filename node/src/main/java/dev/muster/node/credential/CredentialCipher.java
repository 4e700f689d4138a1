package dev.muster.node.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM under the cluster key: a fresh 12-byte nonce per encryption, stored in front of the ciphertext and
 * its 16-byte tag. The credential's name is authenticated with it (additional data), so a ciphertext copied to
 * another credential's row does not decrypt.
 */
public final class CredentialCipher {
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    public CredentialCipher(SecretKey key) {
        this.key = key;
    }

    public byte[] encrypt(String name, byte[] plain) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /** The plain bytes; throws {@link GeneralSecurityException} for another key, another name or altered bytes. */
    public byte[] decrypt(String name, byte[] stored) throws GeneralSecurityException {
        if (stored.length < NONCE + TAG_BITS / 8) {
            throw new GeneralSecurityException("ciphertext too short");
        }
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, 0, NONCE)));
        c.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return c.doFinal(stored, NONCE, stored.length - NONCE);
    }
}
