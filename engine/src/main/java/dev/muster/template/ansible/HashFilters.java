package dev.muster.template.ansible;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Digests (hash, checksum, md5, sha1), crypt(3) password hashes and name-based UUIDs, as Ansible computes them. */
final class HashFilters {
    private HashFilters() {
    }

    private static final Map<String, String> DIGESTS = Map.of("md5", "MD5", "sha1", "SHA-1", "sha224", "SHA-224", "sha256", "SHA-256",
            "sha384", "SHA-384", "sha512", "SHA-512", "sha3_224", "SHA3-224", "sha3_256", "SHA3-256", "sha3_384", "SHA3-384",
            "sha3_512", "SHA3-512");
    private static final String SALT_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
    private static final SecureRandom RANDOM = new SecureRandom();

    static List<AnsibleFilter> all() {
        return List.of(
                AnsibleFilter.of("hash", "hashtype", (v, a) -> digest(Py.str(v), a.string("hashtype", "sha1"), a.name())),
                AnsibleFilter.of("checksum", "", (v, a) -> digest(Py.str(v), "sha1", a.name())),
                AnsibleFilter.of("sha1", "", (v, a) -> digest(Py.str(v), "sha1", a.name())),
                AnsibleFilter.of("md5", "", (v, a) -> digest(Py.str(v), "md5", a.name())),
                AnsibleFilter.of("password_hash", "hashtype salt salt_size rounds ident", HashFilters::passwordHash),
                AnsibleFilter.of("to_uuid", "namespace", (v, a) -> {
                    String namespace = a.string("namespace", "361E6D51-FAEC-444A-9079-341386DA8E2E");
                    UUID ns;
                    try {
                        ns = UUID.fromString(namespace);
                    } catch (IllegalArgumentException e) {
                        throw new FilterError(a.name(), "Invalid value '" + namespace + "' for 'namespace': badly formed hexadecimal UUID string");
                    }
                    return uuid5(ns, Py.str(v)).toString();
                }));
    }

    static String digest(String data, String type, String filter) {
        String algorithm = DIGESTS.get(type.toLowerCase());
        if (algorithm == null) {
            throw new FilterError(filter, "unsupported hash type " + type);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new FilterError(filter, "unsupported hash type " + type);
        }
    }

    /** uuid.uuid5: SHA-1 of the namespace's bytes and the name, version 5, RFC 4122 variant. */
    private static UUID uuid5(UUID namespace, String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16).putLong(namespace.getMostSignificantBits())
                    .putLong(namespace.getLeastSignificantBits());
            sha1.update(ns.array());
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * password_hash as ansible-core 2.14 computes it without passlib (crypt(3)): sha512/sha256 crypt; a salt of
     * up to 16 characters of [./0-9A-Za-z], random when none is given; rounds written only when given and not
     * the implicit ones (656000 / 535000).
     */
    private static Object passwordHash(Object v, Args a) {
        String type = a.string("hashtype", "sha512");
        type = switch (type) {
            case "sha512", "sha512_crypt" -> "sha512_crypt";
            case "sha256", "sha256_crypt" -> "sha256_crypt";
            default -> throw new FilterError(a.name(), "'" + type + "' is not supported by Muster (sha512 and sha256 are)");
        };
        boolean sha512 = type.equals("sha512_crypt");
        Long saltSize = a.integer("salt_size", null);
        String salt = a.string("salt", null);
        if (salt == null || salt.isEmpty()) {
            StringBuilder random = new StringBuilder();
            for (int i = 0; i < (saltSize == null || saltSize == 0 ? 16 : saltSize); i++) {
                random.append(SALT_CHARS.charAt(RANDOM.nextInt(SALT_CHARS.length())));
            }
            salt = random.toString();
        }
        if (!salt.matches("[./0-9A-Za-z]*")) {
            throw new FilterError(a.name(), "invalid characters in salt");
        }
        if (salt.length() > 16) {
            throw new FilterError(a.name(), "invalid salt size");
        }
        Long rounds = a.integer("rounds", null);
        if (rounds != null && rounds == (sha512 ? 656000L : 535000L)) {
            rounds = null;
        }
        return ShaCrypt.crypt(Py.str(v), salt, rounds, sha512);
    }
}
