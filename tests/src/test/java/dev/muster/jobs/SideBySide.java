package dev.muster.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muster.cli.Main;
import dev.muster.connection.ExecResult;
import dev.muster.lab.Lab;
import dev.muster.setup.Installer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One play against many inventory hosts, run as a job on the cluster and by ansible-playbook from this machine: the same
 * files (bench/cluster-project), the same hosts (aliases of the lab's target hosts: alias001 .. aliasNNN, spread over
 * them in turn), the same parallelism (25 hosts at once: the engine's default forks, which a job cannot change, and
 * ansible-playbook's -f 25), each tool from fresh hosts (first run) and again (no-op).
 */
final class SideBySide {
    /** What a run reported in its recap, and how long it took. */
    record Outcome(int hosts, int changed, int failed, int unreachable, double seconds, double running, String node) {
    }

    static final int FORKS = 25;
    /** The SSH connect limit both tools get (their default is 10 s). */
    static final int CONNECT_TIMEOUT_SECONDS = 60;
    /** What the play's package task installs (bench/cluster-project's role), with the one dependency the lab's base lacks. */
    static final List<String> REPOSITORY_DEBS = List.of("socat", "logrotate", "libpopt0");
    private static final Pattern RECAP = Pattern.compile("^(\\S+)\\s+:\\s+ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)");

    private final Lab lab;
    private final List<String> targets;
    private final int hosts;
    private final Path dir;
    private final Path project;

    SideBySide(Lab lab, List<String> targets, int hosts, Path dir, Path project) throws IOException {
        this.lab = lab;
        this.targets = targets;
        this.hosts = hosts;
        this.dir = Files.createDirectories(dir);
        this.project = project;
    }

    Path dir() {
        return dir;
    }

    /**
     * alias001 .. aliasNNN over the targets in turn; the first alias of each target is the one that installs its
     * packages (scale_packages): packages belong to the host, and aliases of one host installing them at once would
     * race on dpkg's lock and report changed depending on who came first.
     */
    private List<String> aliasLines() {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
            // ten aliases of one container log in at once: on a loaded 2-core machine a login can queue past the 10 s
            // default, so both tools get the same longer connect limit (both read ansible_timeout)
            lines.add(String.format("alias%03d ansible_host=%s ansible_timeout=%d%s", i,
                    ClusterBench.address(targets.get((i - 1) % targets.size())), CONNECT_TIMEOUT_SECONDS,
                    i <= targets.size() ? " scale_packages=true" : ""));
        }
        return lines;
    }

    /** The aliases as the cluster keeps them: user and key come from the job's credential. */
    Path clusterInventory() throws IOException {
        return Files.writeString(dir.resolve("aliases.ini"), "[scale]\n" + String.join("\n", aliasLines()) + "\n");
    }

    /** The same hosts for ansible-playbook, with the lab's connection variables (user, key, known_hosts). */
    Path ansibleInventory() throws IOException {
        String lab = Files.readString(this.lab.up(targets.toArray(String[]::new)).inventory());
        String vars = lab.substring(lab.indexOf("[all:vars]"));
        return Files.writeString(dir.resolve("aliases-ansible.ini"), "[scale]\n" + String.join("\n", aliasLines()) + "\n\n" + vars);
    }

    /**
     * Every target gets what the play needs besides its own tasks: python3-apt for ansible-playbook's apt module (the lab's
     * hosts lack it and cannot fetch it: bench/cluster downloads its packages into BENCH_DEBS), and the lab's local
     * repository the play installs its packages from: their packages out of the installer's repository
     * (repos/debian-bookworm), with a Packages index of just them, as the only apt source. Installed with `muster play`.
     */
    void prepareTargets() throws Exception {
        String debs = System.getenv("BENCH_DEBS");
        if (debs == null || !Files.isDirectory(Path.of(debs))) {
            throw new AssertionError("BENCH_DEBS must name a directory with python3-apt's packages (bench/cluster downloads them)");
        }
        Path repository = Installer.ROOT.resolve("repos/debian-bookworm");
        Path index = dir.resolve("Packages");
        List<Path> repositoryDebs = new ArrayList<>();
        StringBuilder stanzas = new StringBuilder();
        for (String stanza : Files.readString(repository.resolve("Packages")).split("\n\n")) {
            Matcher m = Pattern.compile("(?m)^Package: (\\S+)$").matcher(stanza);
            Matcher file = Pattern.compile("(?m)^Filename: (?:\\./)?(\\S+)$").matcher(stanza);
            if (m.find() && REPOSITORY_DEBS.contains(m.group(1)) && file.find()) {
                stanzas.append(stanza.replaceFirst("(?m)^Filename: .*$", "Filename: ./" + Path.of(file.group(1)).getFileName())).append("\n\n");
                repositoryDebs.add(repository.resolve(file.group(1)));
            }
        }
        assertEquals(REPOSITORY_DEBS.size(), repositoryDebs.size(), "packages of " + REPOSITORY_DEBS + " in " + repository);
        Files.writeString(index, stanzas);
        StringBuilder play = new StringBuilder("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: packages directories
                      file: {path: "{{ item }}", state: directory, mode: "0755"}
                      loop: [/root/bench-debs, /root/bench-repo]
                    - name: repository index
                """);
        play.append("      copy: {src: \"").append(index).append("\", dest: /root/bench-repo/Packages}\n");
        List<Path> python = new ArrayList<>();
        try (var files = Files.list(Path.of(debs))) {
            python.addAll(files.filter(p -> p.toString().endsWith(".deb")).sorted().toList());
        }
        for (Path deb : python) {
            play.append("    - name: ").append(deb.getFileName()).append('\n')
                    .append("      copy: {src: \"").append(deb.toAbsolutePath()).append("\", dest: /root/bench-debs/}\n");
        }
        for (Path deb : repositoryDebs) {
            play.append("    - name: ").append(deb.getFileName()).append('\n')
                    .append("      copy: {src: \"").append(deb.toAbsolutePath()).append("\", dest: /root/bench-repo/}\n");
        }
        play.append("""
                    - name: python3-apt installed
                      command: sh -c 'dpkg -i /root/bench-debs/*.deb'
                      args: {creates: /usr/lib/python3/dist-packages/apt/__init__.py}
                    - name: the local repository, apt's only source
                      copy: {content: "deb [trusted=yes] file:/root/bench-repo ./\\n", dest: /etc/apt/sources.list.d/bench.list}
                    - name: apt reads it
                      copy:
                        dest: /etc/apt/apt.conf.d/90bench
                        content: "Dir::Etc::sourcelist \\"sources.list.d/bench.list\\";\\nDir::Etc::sourceparts \\"-\\";\\n"
                    - name: its index in apt's cache
                      command: apt-get update -q
                """);
        Path playbook = Files.writeString(dir.resolve("prepare.yml"), play);
        Path inventory = lab.up(targets.toArray(String[]::new)).inventory();
        StringWriter out = new StringWriter();
        int exit = Main.run(new PrintWriter(out), new PrintWriter(out), "play", "-i", inventory.toString(), "--known-hosts",
                lab.knownHosts().toString(), "--host-key-policy", "strict", "--log-file", dir.resolve("prepare.log").toString(),
                playbook.toString());
        assertEquals(0, exit, "preparing the targets:\n" + out);
    }

    /** What the play leaves, gone from every target: its units stopped and removed, its directories deleted. */
    void resetTargets() throws Exception {
        parallel(t -> lab.exec(t, "systemctl stop 'scale-*' 2>/dev/null; rm -f /etc/systemd/system/scale-*.service "
                + "/etc/systemd/system/multi-user.target.wants/scale-*.service; systemctl daemon-reload; rm -rf /opt/scale; "
                + "dpkg -P " + String.join(" ", REPOSITORY_DEBS) + " >/dev/null 2>&1; true"));
    }

    /** Files (content, mode, owner, type), unit files and the units' states on every target, as one text. */
    String snapshot() throws Exception {
        List<String> parts = parallel(t -> lab.exec(t, "cd /opt/scale && { find . -type f -exec sha256sum {} + | sort; "
                + "find . | sort | xargs stat -c '%n %a %U:%G %F'; find . -type l | sort | xargs -r readlink; "
                + "cd /etc/systemd/system && for u in scale-*.service; do echo \"$u $(sha256sum < $u | cut -c1-16) "
                + "$(systemctl is-active $u) $(systemctl is-enabled $u)\"; done; "
                + "dpkg-query -W -f='${Package} ${Version} ${Status}\\n' " + String.join(" ", REPOSITORY_DEBS) + "; }"));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            text.append("== ").append(targets.get(i)).append('\n').append(parts.get(i));
        }
        Files.writeString(dir.resolve("snapshot-" + System.nanoTime() + ".txt"), text);
        return text.toString();
    }

    /** The play as a job on the cluster (through {@code api}); its recap read from the job's events. */
    Outcome job(ApiClient api, String phase) throws InterruptedException {
        Instant start = Instant.now();
        long id = ClusterBench.launch(api, "scale.yml", "aliases", null, Map.of());
        JsonNode job = api.get("/api/v1/jobs/" + id + "/");
        while (!JobView.isFinal(job)) {
            if (Duration.between(start, Instant.now()).toMinutes() > 60) {
                throw new AssertionError("job " + id + " not final within 60 minutes: " + job);
            }
            Thread.sleep(250);
            job = api.get("/api/v1/jobs/" + id + "/");
        }
        double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
        JobRecord record = JobRecord.of(job);
        JsonNode recap = null;
        List<String> failures = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = api.get("/api/v1/jobs/" + id + "/events/?limit=10000&after=" + after);
            for (JsonNode e : page.path("events")) {
                if (e.path("event").asText().equals("recap")) {
                    recap = e;
                }
                String status = e.path("status").asText().toLowerCase(java.util.Locale.ROOT);
                if ((status.equals("failed") || status.equals("unreachable")) && failures.size() < 10) {
                    failures.add(e.path("task").asText() + ": " + e.path("message").asText());
                }
            }
            after = page.path("next").asLong();
            if (page.path("complete").asBoolean() && page.path("events").isEmpty()) {
                break;
            }
        }
        if (recap == null) {
            throw new AssertionError("no recap among job " + id + "'s events");
        }
        // the reason with the verdict: at load 130, 9 of 100 aliases were unreachable (ssh's 10 s connect limit)
        assertEquals("successful", record.status(), "the " + phase + " job: " + job + "\nits first failures: " + failures);
        int[] sums = new int[4];
        recap.path("hosts").forEach(h -> {
            sums[0]++;
            sums[1] += h.path("changed").asInt();
            sums[2] += h.path("failed").asInt();
            sums[3] += h.path("unreachable").asInt();
        });
        return new Outcome(sums[0], sums[1], sums[2], sums[3], seconds,
                Duration.between(record.started(), record.finished()).toMillis() / 1000.0, record.node());
    }

    /** The play by ansible-playbook from this machine: pipelining on, facts off (bench/ansible.cfg), a fresh ControlPath. */
    Outcome ansible(String phase) throws Exception {
        Path inventory = ansibleInventory();
        Path output = dir.resolve("ansible-" + phase + ".out");
        Path controlPath = Files.createDirectories(dir.resolve("cp-" + phase + "-" + System.nanoTime()));
        ProcessBuilder pb = new ProcessBuilder("ansible-playbook", "-i", inventory.toString(), "-f", Integer.toString(FORKS), "scale.yml")
                .directory(project.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("ANSIBLE_CONFIG", Installer.ROOT.resolve("bench/ansible.cfg").toString());
        pb.environment().put("ANSIBLE_SSH_CONTROL_PATH_DIR", controlPath.toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("ansible-playbook did not end within 60 minutes: " + output);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String text = Files.readString(output);
        assertEquals(0, p.exitValue(), "ansible-playbook's " + phase + " run:\n" + tail(text));
        int[] sums = new int[4];
        boolean inRecap = false;
        for (String line : text.split("\n")) {
            inRecap |= line.startsWith("PLAY RECAP");
            Matcher m = RECAP.matcher(line);
            if (inRecap && m.find()) {
                sums[0]++;
                sums[1] += Integer.parseInt(m.group(3));
                sums[3] += Integer.parseInt(m.group(4));
                sums[2] += Integer.parseInt(m.group(5));
            }
        }
        return new Outcome(sums[0], sums[1], sums[2], sums[3], seconds, seconds, "this machine");
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    interface OnHost {
        ExecResult run(String host) throws Exception;
    }

    /** Runs on every target at once; each one's stdout, in the targets' order; a failure names the host. */
    private List<String> parallel(OnHost action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, targets.size()));
        try {
            List<Future<ExecResult>> futures = new ArrayList<>();
            for (String t : targets) {
                futures.add(pool.submit(() -> action.run(t)));
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < targets.size(); i++) {
                ExecResult r = futures.get(i).get();
                assertEquals(0, r.exitCode(), targets.get(i) + ": " + r.stdout() + r.stderr());
                out.add(r.stdout());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
