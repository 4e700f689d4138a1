package dev.muster.template.ansible;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;

/**
 * Python 3.11's {@code random.Random}: the Mersenne Twister seeded as CPython seeds it (an int's 32-bit words, a
 * string's bytes followed by their SHA-512), with {@code randrange}, {@code choice} and {@code shuffle} drawing as
 * CPython draws. Ansible's {@code random(seed=inventory_hostname)} idiom (a cron minute per host) must give the
 * same number as ansible-playbook, so the generator is Python's, bit for bit. Without a seed: SecureRandom, as
 * Ansible's SystemRandom.
 */
final class PyRandom {
    private static final int N = 624;
    private static final int M = 397;
    private static final SecureRandom SYSTEM = new SecureRandom();

    private final int[] mt;
    private int mti;

    private PyRandom(int[] key) {
        mt = key == null ? null : new int[N];
        if (key != null) {
            initByArray(key);
        }
    }

    /** A generator seeded as Python's {@code Random(seed)}, or the system's when {@code seed} is null. */
    static PyRandom of(Object seed, String filter) {
        if (seed == null) {
            return new PyRandom(null);
        }
        BigInteger n;
        if (seed instanceof Boolean b) {
            n = b ? BigInteger.ONE : BigInteger.ZERO;
        } else if (Py.isInt(seed)) {
            n = BigInteger.valueOf(((Number) seed).longValue());
        } else if (seed instanceof BigInteger big) {
            n = big;
        } else if (seed instanceof CharSequence text) {
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] digest;
            try {
                digest = MessageDigest.getInstance("SHA-512").digest(bytes);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            byte[] all = new byte[bytes.length + digest.length];
            System.arraycopy(bytes, 0, all, 0, bytes.length);
            System.arraycopy(digest, 0, all, bytes.length, digest.length);
            n = new BigInteger(1, all);
        } else if (Py.isFloat(seed) && ((Number) seed).doubleValue() == Math.rint(((Number) seed).doubleValue())
                && Double.isFinite(((Number) seed).doubleValue())) {
            n = BigInteger.valueOf((long) ((Number) seed).doubleValue()); // Python hashes a whole float as its int
        } else {
            throw new FilterError(filter, "The only supported seed types are: None, int, float, str, bytes, and bytearray (got "
                    + Py.typeName(seed) + ")");
        }
        n = n.abs();
        int words = Math.max(1, (n.bitLength() + 31) / 32);
        int[] key = new int[words];
        for (int i = 0; i < words; i++) {
            key[i] = n.shiftRight(32 * i).intValue();
        }
        return new PyRandom(key);
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000;
    }

    private int genrand() {
        if (mti >= N) {
            int kk;
            for (kk = 0; kk < N - M; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            for (; kk < N - 1; kk++) {
                int y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
                mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            }
            int y = (mt[N - 1] & 0x80000000) | (mt[0] & 0x7fffffff);
            mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** CPython's getrandbits(k) for k up to 63 (what indexes and ranges of a long need). */
    private long getrandbits(int k) {
        if (k == 0) {
            return 0;
        }
        if (k <= 32) {
            return (genrand() & 0xffffffffL) >>> (32 - k);
        }
        long low = genrand() & 0xffffffffL;
        long high = (genrand() & 0xffffffffL) >>> (64 - k);
        return (high << 32) | low;
    }

    /** CPython's _randbelow_with_getrandbits: a value in [0, n), n > 0. */
    long below(long n) {
        if (mt == null) {
            return n <= Integer.MAX_VALUE ? SYSTEM.nextInt((int) n) : Math.floorMod(SYSTEM.nextLong(), n);
        }
        int k = 64 - Long.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return r;
    }

    /** Python's {@code randrange(start, stop, step)}. */
    long randrange(long start, long stop, long step, String filter) {
        long width = stop - start;
        if (step == 1) {
            if (width > 0) {
                return start + below(width);
            }
            throw new FilterError(filter, "empty range for randrange() (" + start + ", " + stop + ", " + width + ")");
        }
        long n;
        if (step > 0) {
            n = Math.floorDiv(width + step - 1, step);
        } else if (step < 0) {
            n = Math.floorDiv(width + step + 1, step);
        } else {
            throw new FilterError(filter, "zero step for randrange()");
        }
        if (n <= 0) {
            throw new FilterError(filter, "empty range for randrange()");
        }
        return start + step * below(n);
    }

    /** Python's {@code shuffle(x)}, in place. */
    void shuffle(List<Object> x) {
        for (int i = x.size() - 1; i > 0; i--) {
            int j = (int) below(i + 1L);
            Object t = x.get(i);
            x.set(i, x.get(j));
            x.set(j, t);
        }
    }
}
