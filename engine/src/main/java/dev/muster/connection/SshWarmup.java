package dev.muster.connection;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The first SSH connection of a run pays for one-time work in the JVM: verifying the signed BouncyCastle jar
 * (sshj touches one of its classes when it reads host keys), Ed25519's precomputed tables, the X25519 and
 * AES/HMAC code paths. Measured on a cold start: about 200 ms before the first key exchange can finish.
 * Doing that work on another thread while the playbook is parsed and planned takes it off the critical
 * path (the engine's warm-up thread runs it); nothing here touches the network or any file of the user's.
 */
public final class SshWarmup {

    private SshWarmup() {
    }

    /** Does the one-time work now; never fails (the connection does the same work itself if this could not). */
    public static void warm() {
        try {
            Class.forName("org.bouncycastle.jce.spec.ECNamedCurveSpec"); // the jar's signature is checked on first load
            new SshConfig();
            KeyPairGenerator x25519 = KeyPairGenerator.getInstance("X25519");
            KeyPair ours = x25519.generateKeyPair();
            KeyAgreement agreement = KeyAgreement.getInstance("X25519");
            agreement.init(ours.getPrivate());
            agreement.doPhase(x25519.generateKeyPair().getPublic(), true);
            agreement.generateSecret();
            // Ed25519 keys go through the eddsa library sshj brings; its curve table builds the precomputed
            // multiples of the base point when the class initialises
            Class.forName("net.i2p.crypto.eddsa.spec.EdDSANamedCurveTable", true, SshWarmup.class.getClassLoader());
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(new byte[16], "AES"), new IvParameterSpec(new byte[16]));
            aes.update(new byte[64]);
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            hmac.doFinal(new byte[64]);
        } catch (Exception | LinkageError e) {
            // only a head start: the connection does the same work itself if this could not
        }
    }
}
