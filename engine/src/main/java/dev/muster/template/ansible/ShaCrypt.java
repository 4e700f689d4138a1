package dev.muster.template.ansible;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Ulrich Drepper's SHA-crypt ($5$ and $6$), as glibc's crypt(3) computes it; no library on the classpath has it. */
final class ShaCrypt {
    private ShaCrypt() {
    }

    private static final String B64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int[][] ORDER512 = {{0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4}, {47, 5, 26}, {6, 27, 48},
        {28, 49, 7}, {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32}, {12, 33, 54}, {34, 55, 13}, {56, 14, 35}, {15, 36, 57},
        {37, 58, 16}, {59, 17, 38}, {18, 39, 60}, {40, 61, 19}, {62, 20, 41}};
    private static final int[][] ORDER256 = {{0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14}, {15, 25, 5}, {6, 16, 26},
        {27, 7, 17}, {18, 28, 8}, {9, 19, 29}};

    static String crypt(String password, String salt, Long rounds, boolean sha512) {
        int n = rounds == null ? 5000 : (int) Math.max(1000, Math.min(999_999_999, rounds));
        String algorithm = sha512 ? "SHA-512" : "SHA-256";
        int size = sha512 ? 64 : 32;
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        byte[] s = salt.substring(0, Math.min(16, salt.length())).getBytes(StandardCharsets.UTF_8);
        MessageDigest a = md(algorithm);
        a.update(key);
        a.update(s);
        MessageDigest b = md(algorithm);
        b.update(key);
        b.update(s);
        b.update(key);
        byte[] bDigest = b.digest();
        int i;
        for (i = key.length; i > size; i -= size) {
            a.update(bDigest, 0, size);
        }
        a.update(bDigest, 0, i);
        for (i = key.length; i > 0; i >>= 1) {
            if ((i & 1) != 0) {
                a.update(bDigest, 0, size);
            } else {
                a.update(key);
            }
        }
        byte[] aDigest = a.digest();
        MessageDigest dp = md(algorithm);
        for (i = 0; i < key.length; i++) {
            dp.update(key);
        }
        byte[] dpDigest = dp.digest();
        byte[] p = fill(dpDigest, key.length);
        MessageDigest ds = md(algorithm);
        for (i = 0; i < 16 + (aDigest[0] & 0xff); i++) {
            ds.update(s);
        }
        byte[] sBytes = fill(ds.digest(), s.length);
        byte[] c = aDigest;
        for (i = 0; i < n; i++) {
            MessageDigest r = md(algorithm);
            r.update((i & 1) != 0 ? p : c);
            if (i % 3 != 0) {
                r.update(sBytes);
            }
            if (i % 7 != 0) {
                r.update(p);
            }
            r.update((i & 1) != 0 ? c : p);
            c = r.digest();
        }
        StringBuilder out = new StringBuilder(sha512 ? "$6$" : "$5$");
        if (rounds != null) {
            out.append("rounds=").append(n).append('$');
        }
        out.append(new String(s, StandardCharsets.UTF_8)).append('$');
        for (int[] t : sha512 ? ORDER512 : ORDER256) {
            b64(out, c[t[0]], c[t[1]], c[t[2]], 4);
        }
        if (sha512) {
            b64(out, (byte) 0, (byte) 0, c[63], 2);
        } else {
            b64(out, (byte) 0, c[31], c[30], 3);
        }
        return out.toString();
    }

    private static byte[] fill(byte[] digest, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = digest[i % digest.length];
        }
        return out;
    }

    private static void b64(StringBuilder out, byte b2, byte b1, byte b0, int n) {
        int w = ((b2 & 0xff) << 16) | ((b1 & 0xff) << 8) | (b0 & 0xff);
        for (int i = 0; i < n; i++) {
            out.append(B64.charAt(w & 0x3f));
            w >>>= 6;
        }
    }

    private static MessageDigest md(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
