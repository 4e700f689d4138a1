package dev.muster.connection;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;

/**
 * The known_hosts files of a run, read once and shared by every connection. Entries keep their file and line
 * so that a refused key can be traced to the line that conflicts. sshj parses each line (hashed names included);
 * this class only adds the bookkeeping. New hosts (accept-new) are recorded atomically: the file is rewritten
 * to a temporary file which then replaces it.
 */
final class KnownHosts {

    /** The result of looking a host's key up. */
    record Check(Verdict verdict, List<String> conflicts) {
    }

    enum Verdict { MATCH, UNKNOWN, CHANGED }

    /**
     * One line, parsed on first use: sshj decodes the key while parsing (an Ed25519 point decompression, about
     * 100 ms for 30 lines on a cold JVM), and a run only needs the lines of the hosts it connects to.
     */
    private static final class Entry {
        private final Path file;
        private final int line;
        private final String text;
        private OpenSSHKnownHosts.KnownHostEntry parsed;
        private boolean tried;

        Entry(Path file, int line, String text, OpenSSHKnownHosts.KnownHostEntry parsed) {
            this.file = file;
            this.line = line;
            this.text = text;
            this.parsed = parsed;
            this.tried = parsed != null;
        }

        String where() {
            return file + ":" + line;
        }

        /**
         * False only when the host list is plain names that do not include {@code name}; markers, hashed
         * names and patterns are left to sshj.
         */
        boolean mayApplyTo(String name) {
            if (text.startsWith("@") || text.startsWith("|")) {
                return true;
            }
            int end = text.indexOf(' ');
            String hosts = end < 0 ? text : text.substring(0, end);
            if (hosts.indexOf('*') >= 0 || hosts.indexOf('?') >= 0 || hosts.indexOf('!') >= 0) {
                return true;
            }
            for (String host : hosts.split(",")) {
                if (host.equalsIgnoreCase(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The parsed entry, or null for a line sshj does not understand (as before: such lines never match). */
        synchronized OpenSSHKnownHosts.KnownHostEntry entry() throws IOException {
            if (!tried) {
                tried = true;
                parsed = parser().parseEntry(text);
            }
            return parsed;
        }
    }

    private final List<Path> files;
    private List<Entry> entries;

    KnownHosts(List<Path> files) {
        this.files = List.copyOf(files);
    }

    Check check(String knownHostsName, PublicKey key) throws IOException {
        KeyType type = KeyType.fromKey(key);
        List<String> conflicts = new ArrayList<>();
        for (Entry candidate : candidates(knownHostsName)) {
            OpenSSHKnownHosts.KnownHostEntry entry = candidate.entry();
            if (entry != null && entry.appliesTo(type, knownHostsName)) {
                if (entry.verify(key)) {
                    return new Check(Verdict.MATCH, List.of());
                }
                conflicts.add(candidate.where());
            }
        }
        return new Check(conflicts.isEmpty() ? Verdict.UNKNOWN : Verdict.CHANGED, conflicts);
    }

    /** Key types already known for the host, so that key exchange asks for one of those first. */
    List<String> knownKeyTypes(String knownHostsName) throws IOException {
        Set<String> types = new LinkedHashSet<>();
        for (Entry candidate : candidates(knownHostsName)) {
            OpenSSHKnownHosts.KnownHostEntry entry = candidate.entry();
            if (entry != null && entry.appliesTo(knownHostsName)) {
                types.add(entry.getType().toString());
            }
        }
        return List.copyOf(types);
    }

    /**
     * The lines that may concern a host, in file order. Parsing happens outside this object's lock, so that
     * thirty connections check their keys side by side instead of queueing behind one another.
     */
    private synchronized List<Entry> candidates(String knownHostsName) throws IOException {
        List<Entry> found = new ArrayList<>();
        for (Entry candidate : entries()) {
            if (candidate.mayApplyTo(knownHostsName)) {
                found.add(candidate);
            }
        }
        return found;
    }

    /** Records a host first met under accept-new into the first known_hosts file. */
    synchronized void record(String knownHostsName, PublicKey key) throws IOException {
        Path file = files.get(0);
        String line = knownHostsName + " " + KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob(key));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        byte[] old = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        String separator = old.length > 0 && old[old.length - 1] != '\n' ? "\n" : "";
        Path temp = Files.createTempFile(dir, ".known_hosts", ".tmp");
        try {
            Files.write(temp, old);
            Files.writeString(temp, separator + line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        int number = (int) new String(old, StandardCharsets.UTF_8).lines().count() + 1;
        entries().add(new Entry(file, number, line, parser().parseEntry(line)));
    }

    /** OpenSSH's way of showing a key: {@code SHA256:} and the unpadded base64 of the key's digest. */
    static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    private List<Entry> entries() throws IOException {
        if (entries == null) {
            List<Entry> loaded = new ArrayList<>();
            for (Path file : files) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                } catch (NoSuchFileException missing) {
                    continue;
                }
                for (int i = 0; i < lines.size(); i++) {
                    String text = lines.get(i).trim();
                    if (text.isEmpty() || text.startsWith("#")) {
                        continue;
                    }
                    loaded.add(new Entry(file, i + 1, text, null));
                }
            }
            entries = loaded;
        }
        return entries;
    }

    private static OpenSSHKnownHosts.EntryFactory parser() throws IOException {
        // EntryFactory is an inner class of sshj's known_hosts reader; an empty reader is enough to own one.
        OpenSSHKnownHosts empty = new OpenSSHKnownHosts(new StringReader(""));
        return empty.new EntryFactory();
    }
}
