package dev.muster.connection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines are parsed only for the hosts a run asks about; what a lookup answers must not change because of it. */
class KnownHostsTest {

    @TempDir
    Path dir;

    private static PublicKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return generator.generateKeyPair().getPublic();
    }

    private static String line(String hosts, PublicKey key) {
        return hosts + " ssh-rsa " + Base64.getEncoder().encodeToString(new Buffer.PlainBuffer().putPublicKey(key).getCompactData());
    }

    @Test
    void answersFromTheLinesOfTheHostOnly() throws Exception {
        PublicKey a = newKey();
        PublicKey b = newKey();
        Path file = dir.resolve("known_hosts");
        Files.write(file, List.of(
                line("10.0.0.1,hosta,hosta.lab.test", a),
                "hostc ssh-rsa this-is-not-base64!!",
                line("hostb", b),
                line("*.wild.test", b)));
        KnownHosts known = new KnownHosts(List.of(file));

        assertEquals(KnownHosts.Verdict.MATCH, known.check("hosta", a).verdict());
        assertEquals(KnownHosts.Verdict.MATCH, known.check("hosta.lab.test", a).verdict());
        KnownHosts.Check changed = known.check("10.0.0.1", b);
        assertEquals(KnownHosts.Verdict.CHANGED, changed.verdict());
        assertEquals(List.of(file + ":1"), changed.conflicts());
        assertEquals(KnownHosts.Verdict.MATCH, known.check("hostb", b).verdict());
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("hostd", a).verdict());
        assertEquals(KnownHosts.Verdict.MATCH, known.check("x.wild.test", b).verdict(), "patterns still go to sshj");
        assertEquals(KnownHosts.Verdict.CHANGED, known.check("x.wild.test", a).verdict());
        assertEquals(List.of("ssh-rsa"), known.knownKeyTypes("hosta"));
        assertEquals(List.of(), known.knownKeyTypes("hostd"));
    }

    @Test
    void aRecordedHostIsKnownAtOnce() throws Exception {
        PublicKey a = newKey();
        Path file = dir.resolve("known_hosts");
        KnownHosts known = new KnownHosts(List.of(file));
        assertEquals(KnownHosts.Verdict.UNKNOWN, known.check("hosta", a).verdict());
        known.record("hosta", a);
        assertEquals(KnownHosts.Verdict.MATCH, known.check("hosta", a).verdict());
        assertEquals(KnownHosts.Verdict.MATCH, new KnownHosts(List.of(file)).check("hosta", a).verdict());
    }
}
