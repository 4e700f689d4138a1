package dev.muster.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.lab.Lab;
import dev.muster.connection.ExecResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The offline bundle on lab hosts: builds it with bundle/build (or takes -Dmuster.bundle=TARBALL),
 * copies it to a lab host that serves as the control machine, and runs commands there as an
 * operator would, through the lab (nsenter: no SSH from this machine involved).
 */
final class BundleLab {

    static final Path ROOT = Path.of(System.getProperty("muster.root", "..")).toAbsolutePath().normalize();
    /** Where the bundle is unpacked on the control host. */
    static final String HOME = "/root/bundle";
    static final String KEY = "/root/lab_key";
    static final String KNOWN_HOSTS = "/root/lab_known_hosts";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a command on the control host printed (stdout and stderr together), its exit code and wall time. */
    record Run(int exit, String output, long seconds) {
        @Override
        public String toString() {
            return "exit " + exit + " after " + seconds + " s\n" + output;
        }
    }

    private BundleLab() {
    }

    /** The bundle's tarball: -Dmuster.bundle, else bundle/build's (warm: seconds; it reuses what it built before). */
    static Path build() {
        String given = System.getProperty("muster.bundle", "");
        if (!given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        long start = System.nanoTime();
        try {
            Process build = new ProcessBuilder(ROOT.resolve("bundle/build").toString()).inheritIO().start();
            if (!build.waitFor(40, TimeUnit.MINUTES)) {
                build.destroyForcibly();
                throw new AssertionError("bundle/build did not end in 40 minutes");
            }
            assertEquals(0, build.exitValue(), "bundle/build failed (its output is above)");
            System.out.println("bundle/build: " + (System.nanoTime() - start) / 1_000_000_000L + " s");
            try (Stream<Path> files = Files.list(ROOT.resolve("bundle/target"))) {
                return files.filter(f -> f.getFileName().toString().matches("muster-setup-bundle-.+\\.tar\\.gz"))
                        .max(Comparator.comparing(BundleLab::modified))
                        .orElseThrow(() -> new AssertionError("bundle/build made no bundle/target/muster-setup-bundle-*.tar.gz"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the tarball, the lab's private key and its known_hosts to the control host (scp, as an
     * operator carries the bundle in) and unpacks the bundle into {@link #HOME}.
     */
    static void install(Lab lab, String control, Path tarball) {
        List<String> scp = new ArrayList<>(List.of("scp", "-q", "-i", lab.privateKey().toString(),
                "-o", "UserKnownHostsFile=" + lab.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes"));
        scp.add(tarball.toString());
        scp.add("root@" + lab.address(control) + ":/root/bundle.tar.gz");
        local(scp);
        local(List.of("scp", "-q", "-i", lab.privateKey().toString(), "-o", "UserKnownHostsFile=" + lab.knownHosts(),
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", lab.privateKey().toString(), lab.knownHosts().toString(),
                "root@" + lab.address(control) + ":/root/"));
        String keyName = lab.privateKey().getFileName().toString();
        String khName = lab.knownHosts().getFileName().toString();
        ExecResult r = lab.exec(control, "set -e; mv /root/" + keyName + " " + KEY + "; chmod 600 " + KEY + "; mv /root/" + khName + " "
                + KNOWN_HOSTS + "; rm -rf " + HOME + "; mkdir " + HOME + "; tar xzf /root/bundle.tar.gz -C " + HOME
                + " --strip-components=1; rm /root/bundle.tar.gz");
        assertEquals(0, r.exitCode(), "unpacking the bundle on " + control + ": " + r.stderr());
    }

    /** Runs a shell command line on the host through the lab, with a limit of our own (setup can take long on a busy machine). */
    static Run exec(String host, String command, long timeoutMinutes) {
        try {
            Path output = Files.createTempFile("bundle-run", ".out");
            try {
                long start = System.nanoTime();
                Process p = new ProcessBuilder(ROOT.resolve("tests/lab/lab").toString(), "exec", host, command)
                        .redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    throw new AssertionError("not done in " + timeoutMinutes + " minutes on " + host + ": " + command + "\n"
                            + Files.readString(output, StandardCharsets.UTF_8));
                }
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                return new Run(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8), seconds);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code ./setup.sh -i INVENTORY} in the bundle {@code home} on the control host, with the lab's known_hosts. */
    static Run setup(String control, String home, String inventory) {
        Run run = exec(control, "cd " + home + " && ./setup.sh -i " + inventory + " -- --known-hosts " + KNOWN_HOSTS, 40);
        System.out.println(run.output().lines().filter(l -> !l.startsWith("  ... ")).reduce("", (a, b) -> a + b + "\n"));
        return run;
    }

    /** Writes a file on the host (the text goes through a quoted here-document: no expansion). */
    static void write(Lab lab, String host, String path, String text) {
        ExecResult r = lab.exec(host, "cat > " + path + " <<'BUNDLE_EOF'\n" + text + "BUNDLE_EOF");
        assertEquals(0, r.exitCode(), "writing " + path + " on " + host + ": " + r.stderr());
    }

    /**
     * Counts every packet of a connection the host opens (replies to connections made to it, such
     * as the scp that brought the bundle, do not count) to an address that is not one of {@code allowed}
     * (nor loopback, nor IPv6 link-local or multicast), in an nftables table of the host's own network
     * namespace (it only counts: nothing is dropped). The lab hosts have no route beyond their
     * subnet, so a packet for the internet cannot even be sent; this catches the rest, e.g. the lab
     * machine's own address on the bridge, which is the one address outside the inventory a host can reach.
     */
    static void watchEgress(Lab lab, String host, List<String> allowed) {
        String rules = "table inet bundle_egress {\n  chain out {\n    type filter hook output priority 0; policy accept;\n"
                + "    oifname \"lo\" accept\n    ct direction reply accept\n    ip daddr { " + String.join(", ", allowed) + " } accept\n"
                + "    ip6 daddr { fe80::/10, ff00::/8 } accept\n    counter log prefix \"bundle-egress \"\n  }\n}\n";
        ExecResult r = lab.exec(host, "nft delete table inet bundle_egress 2>/dev/null; nft -f - <<'BUNDLE_EOF'\n" + rules + "BUNDLE_EOF");
        assertEquals(0, r.exitCode(), "nft on " + host + ": " + r.stderr());
    }

    /** Packets counted by {@link #watchEgress} so far. */
    static long egressPackets(Lab lab, String host) {
        ExecResult r = lab.exec(host, "nft list table inet bundle_egress");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("counter packets (\\d+)").matcher(r.stdout());
        if (!m.find()) {
            throw new AssertionError("no egress counter on " + host + ": " + r.stdout() + r.stderr());
        }
        return Long.parseLong(m.group(1));
    }

    private static void local(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("no end in 10 minutes: " + command);
            }
            assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
