package dev.muster.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI client against a local server that answers as the contract says: requests, output, errors, exit codes. */
class JobsClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Path passwordFile;

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nout: " + out + "\nerr: " + err;
        }
    }

    @BeforeEach
    void password() throws Exception {
        passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, "s3cret pass\n");
    }

    private Result muster(FakeCluster cluster, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", cluster.url(), "--password-file", passwordFile.toString()));
        return plain(all.toArray(String[]::new));
    }

    private static Result plain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void launchSendsTheJobAsTheContractSaysAndPrintsItsId() throws Exception {
        try (FakeCluster cluster = FakeCluster.http().on("POST /api/v1/jobs/", 201, "{\"id\": 7, \"status\": \"pending\"}")) {
            Result r = muster(cluster, "job", "launch", "--project", "p", "--playbook", "site.yml", "--inventory", "i",
                    "--credential", "c", "-e", "n=3", "-e", "{\"list\": [1, 2]}", "--limit", "hosta", "--check");
            assertEquals(0, r.exit(), r.toString());
            assertEquals("job 7 pending\n", r.out());
            FakeCluster.Request sent = cluster.requests.get(0);
            assertEquals("Basic " + Base64.getEncoder().encodeToString("admin:s3cret pass".getBytes(StandardCharsets.UTF_8)), sent.authorization());
            assertEquals("application/json", sent.contentType());
            JsonNode body = JSON.readTree(sent.body());
            assertEquals("p", body.path("project").asText());
            assertEquals("site.yml", body.path("playbook").asText());
            assertEquals("i", body.path("inventory").asText());
            assertEquals("c", body.path("credential").asText());
            assertEquals(3, body.path("extra_vars").path("n").asInt());
            assertEquals(2, body.path("extra_vars").path("list").size());
            assertEquals("hosta", body.path("limit").asText());
            assertTrue(body.path("check").asBoolean());
            assertFalse(body.has("tags"));
        }
    }

    @Test
    void aTokenFileIsSentAsBearer() throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "tok-123\n");
        try (FakeCluster cluster = FakeCluster.http().on("GET /api/v1/jobs/3/", 200, "{\"id\": 3, \"status\": \"running\", \"node\": \"hostb\"}")) {
            Result r = plain("job", "status", "3", "--url", cluster.url(), "--token-file", token.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("job 3: running on hostb\n"), r.out());
            assertEquals("Bearer tok-123", cluster.requests.get(0).authorization());
        }
    }

    @Test
    void wrongCredentialsExitFiveWithTheReason() throws Exception {
        try (FakeCluster cluster = FakeCluster.http().on("GET /api/v1/jobs/", 401, "{\"detail\": \"wrong user or password\"}")) {
            Result r = muster(cluster, "job", "status");
            assertEquals(5, r.exit(), r.toString());
            assertTrue(r.err().contains("HTTP 401: wrong user or password"), r.err());
            assertTrue(r.err().contains("refused the credentials"), r.err());
            assertFalse(r.err().contains("s3cret"), r.err());
        }
    }

    @Test
    void aRefusedRequestExitsFourWithTheClustersReason() throws Exception {
        try (FakeCluster cluster = FakeCluster.http().on("POST /api/v1/inventories/", 400, "{\"detail\": \"inventory i:3: unclosed section header\"}")) {
            Path inventory = dir.resolve("inv.ini");
            Files.writeString(inventory, "[tower]\nhosta\n[broken\n");
            Result r = muster(cluster, "inventory", "save", "i", inventory.toString());
            assertEquals(4, r.exit(), r.toString());
            assertTrue(r.err().contains("inventory i:3: unclosed section header"), r.err());
            JsonNode sent = JSON.readTree(cluster.requests.get(0).body());
            assertEquals("[tower]\nhosta\n[broken\n", sent.path("content").asText());
        }
    }

    @Test
    void eventsFollowPrintsEveryPageInOrderAndExitsWithTheJobsOutcome() throws Exception {
        try (FakeCluster cluster = FakeCluster.http()
                .on("GET /api/v1/jobs/9/events/?after=0&limit=1000", 200, "{\"events\": [{\"event\": \"play_start\", \"seq\": 1, \"name\": \"p1\"},"
                        + " {\"event\": \"task_start\", \"seq\": 2, \"name\": \"t1\"}], \"next\": 2, \"complete\": false}")
                .on("GET /api/v1/jobs/9/events/?after=2&limit=1000", 200, "{\"events\": [], \"next\": 2, \"complete\": false}",
                        "{\"events\": [{\"event\": \"host_result\", \"seq\": 3, \"host\": \"hosta\", \"status\": \"FAILED\", \"message\": \"boom\"}],"
                                + " \"next\": 3, \"complete\": true}")
                .on("GET /api/v1/jobs/9/events/?after=3&limit=1000", 200, "{\"events\": [], \"next\": 3, \"complete\": true}")
                .on("GET /api/v1/jobs/9/", 200, "{\"id\": 9, \"status\": \"failed\", \"node\": \"hostc\", \"exit_code\": 2, \"reason\": \"a host failed\"}")) {
            Result r = muster(cluster, "job", "events", "9", "--follow");
            assertEquals(2, r.exit(), r.toString());
            int play = r.out().indexOf("PLAY [p1]");
            int task = r.out().indexOf("TASK [t1]");
            int result = r.out().indexOf("failed: [hosta] boom");
            assertTrue(play >= 0 && task > play && result > task, r.out());
            assertTrue(r.out().contains("job 9: failed on hostc"), r.out());

            Result json = muster(cluster, "job", "events", "9", "--json", "--after", "2");
            assertEquals(0, json.exit(), json.toString());
            assertEquals(3, JSON.readTree(json.out().lines().findFirst().orElseThrow()).path("seq").asInt(), json.out());
        }
    }

    @Test
    void aCanceledJobExitsNinetyNine() throws Exception {
        try (FakeCluster cluster = FakeCluster.http()
                .on("POST /api/v1/jobs/", 201, "{\"id\": 4, \"status\": \"pending\"}")
                .on("GET /api/v1/jobs/4/events/?after=0&limit=1000", 200, "{\"events\": [], \"next\": 0, \"complete\": true}")
                .on("GET /api/v1/jobs/4/", 200, "{\"id\": 4, \"status\": \"canceled\"}")
                .on("POST /api/v1/jobs/4/cancel/", 202, "")) {
            Result cancel = muster(cluster, "job", "cancel", "4");
            assertEquals(0, cancel.exit(), cancel.toString());
            assertEquals("job 4: cancel requested\n", cancel.out());
            Result r = muster(cluster, "job", "launch", "--project", "p", "--playbook", "s.yml", "--inventory", "i", "--credential", "c", "--follow");
            assertEquals(99, r.exit(), r.toString());
        }
    }

    @Test
    void aFailedProjectUpdateNamesTheNodeAndExitsOne() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("roles/r/tasks"));
        Files.writeString(project.resolve("site.yml"), "- hosts: all\n");
        Files.writeString(project.resolve("roles/r/tasks/main.yml"), "- debug: msg=hi\n");
        try (FakeCluster cluster = FakeCluster.http().on("POST /api/v1/projects/p/update/", 502,
                "{\"status\": \"failed\", \"nodes\": {\"hosta\": \"ok\", \"hostb\": \"no space left on device\"}}")) {
            Result r = muster(cluster, "project", "update", "p", project.toString());
            assertEquals(1, r.exit(), r.toString());
            assertTrue(r.out().contains("update failed"), r.out());
            assertTrue(r.out().matches("(?s).*hostb\\s+no space left on device.*"), r.out());
            FakeCluster.Request sent = cluster.requests.get(0);
            assertEquals("application/gzip", sent.contentType());
            List<String> names = tarNames(sent.body());
            assertTrue(names.contains("./site.yml") && names.contains("./roles/r/tasks/main.yml"), names.toString());
            // the same files pack to the same bytes: the same revision
            assertArrayEquals(sent.body(), ProjectArchive.of(project));
        }
    }

    @Test
    void aSuccessfulProjectUpdatePrintsTheRevision() throws Exception {
        Path archive = dir.resolve("p.tar.gz");
        Files.write(archive, new byte[] {0x1f, (byte) 0x8b, 8, 0});
        try (FakeCluster cluster = FakeCluster.http().on("POST /api/v1/projects/p/update/", 200,
                "{\"revision\": \"abc\", \"status\": \"successful\", \"nodes\": {\"hosta\": \"ok\"}}")) {
            Result r = muster(cluster, "project", "update", "p", archive.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("project p: revision abc on every node"), r.out());
        }
        Path notGzip = dir.resolve("site.yml");
        Files.writeString(notGzip, "- hosts: all\n");
        Result refused = plain("project", "update", "p", notGzip.toString(), "--url", "http://127.0.0.1:1", "--password-file", passwordFile.toString());
        assertEquals(5, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("is not a gzip file"), refused.err());
    }

    @Test
    void credentialsTravelInTheBodyOnly() throws Exception {
        Path key = dir.resolve("id");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
        Path become = dir.resolve("become");
        Files.writeString(become, "sudo-pass\n");
        try (FakeCluster cluster = FakeCluster.http().on("POST /api/v1/credentials/", 201, "{\"name\": \"c\", \"username\": \"root\", \"id\": 1}")) {
            Result r = muster(cluster, "credential", "save", "c", "--username", "root", "--ssh-key-file", key.toString(),
                    "--become-password-file", become.toString());
            assertEquals(0, r.exit(), r.toString());
            assertEquals("credential c saved\n", r.out());
            JsonNode sent = JSON.readTree(cluster.requests.get(0).body());
            assertEquals(Files.readString(key), sent.path("ssh_key").asText());
            assertEquals("sudo-pass", sent.path("become_password").asText());
            assertEquals("root", sent.path("username").asText());
        }
    }

    @Test
    void nothingListeningExitsThree() {
        Result r = plain("job", "status", "--url", "https://127.0.0.1:1", "--password-file", passwordFile.toString());
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("cannot connect to https://127.0.0.1:1"), r.err());
    }

    @Test
    void badOptionsExitFive() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "");
        Result r = plain("job", "status", "--url", "https://127.0.0.1:1", "--password-file", empty.toString());
        assertEquals(5, r.exit(), r.toString());
        assertTrue(r.err().contains("is empty"), r.err());
        Result both = plain("job", "status", "--url", "https://127.0.0.1:1", "--password-file", passwordFile.toString(),
                "--insecure", "--ca", passwordFile.toString());
        assertEquals(5, both.exit(), both.toString());
        Result noUrl = plain("job", "status");
        assertEquals(5, noUrl.exit(), noUrl.toString());
        Result ftp = plain("job", "status", "--url", "ftp://x", "--password-file", passwordFile.toString());
        assertEquals(5, ftp.exit(), ftp.toString());
    }

    @Test
    void tlsTrustsTheGivenCertificateOnlyOrAnythingWhenInsecure() throws Exception {
        Path store = dir.resolve("server.p12");
        Path pem = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", store.toString(), "-storepass", "changeit", "-file", pem.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(factory.getKeyManagers(), null, null);
        try (FakeCluster cluster = FakeCluster.https(tls).on("GET /api/v1/jobs/1/", 200, "{\"id\": 1, \"status\": \"successful\"}")) {
            Result untrusted = muster(cluster, "job", "status", "1");
            assertEquals(3, untrusted.exit(), untrusted.toString());
            assertTrue(untrusted.err().contains("--ca FILE"), untrusted.err());
            Result trusted = muster(cluster, "job", "status", "1", "--ca", pem.toString());
            assertEquals(0, trusted.exit(), trusted.toString());
            Result insecure = muster(cluster, "job", "status", "1", "--insecure");
            assertEquals(0, insecure.exit(), insecure.toString());
            // a certificate for another name: refused with --ca, accepted with --insecure
            String other = cluster.url().replace("127.0.0.1", "127.0.0.2");
            Result otherName = plain("job", "status", "1", "--url", other, "--password-file", passwordFile.toString(), "--ca", pem.toString());
            assertEquals(3, otherName.exit(), otherName.toString());
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
    }

    /** Member names of a ustar archive inside gzip. */
    private static List<String> tarNames(byte[] gz) throws Exception {
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes();
        List<String> names = new ArrayList<>();
        for (int offset = 0; offset + 512 <= tar.length; ) {
            String name = new String(tar, offset, 100, StandardCharsets.US_ASCII).replace("\0", "");
            if (name.isEmpty()) {
                break;
            }
            names.add(name);
            long size = Long.parseLong(new String(tar, offset + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            offset += 512 + (int) ((size + 511) / 512 * 512);
        }
        return names;
    }
}
