package dev.muster.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.muster.connection.ExecResult;

/**
 * A set of lab hosts (real Debian 12 hosts under systemd-nspawn, see tests/lab/README.md) and what a test
 * can do with them. All instances talk to the one lab of this checkout through tests/lab/lab.
 */
public final class Lab {
    /** A host as the lab reports it. */
    public record Host(String name, String address, boolean running, boolean isolated) {
    }

    private static Lab shared;

    private final LabScript script;
    private final List<String> hosts;
    private final Map<String, String> info;

    private Lab(LabScript script, List<String> hosts, Map<String, String> info) {
        this.script = script;
        this.hosts = List.copyOf(hosts);
        this.info = info;
    }

    /** The lab of this checkout, with no hosts chosen yet: call {@link #up(int)}. */
    public static synchronized Lab shared() {
        if (shared == null) {
            shared = new Lab(LabScript.locate(), List.of(), Map.of());
        }
        return shared;
    }

    /** Makes sure hosts 1..count are running (running ones stay, stopped ones boot with their disk). */
    public Lab up(int count) {
        script.run("up", Integer.toString(count));
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(hostName(i));
        }
        return new Lab(script, names, readInfo());
    }

    /** Makes sure the named hosts are running. */
    public Lab up(String... names) {
        script.run(args("up", names));
        return new Lab(script, List.of(names), readInfo());
    }

    /** Removes every host, disk, link, mount and process of the lab. */
    public void down() {
        script.run("down");
    }

    /** Host i (1-based): hosta..hostz, then host27..host99. */
    public static String hostName(int i) {
        if (i < 1 || i > 99) {
            throw new IllegalArgumentException("lab hosts are numbered 1..99: " + i);
        }
        return i <= 26 ? "host" + (char) ('a' + i - 1) : "host" + i;
    }

    /** This set's host names, in order (hosta, hostb, ...). */
    public List<String> hosts() {
        return hosts;
    }

    /** The n-th host of this set, 0-based. */
    public String host(int index) {
        return hosts.get(index);
    }

    /** Every host of the lab, with its state. */
    public Map<String, Host> status() {
        Map<String, Host> result = new LinkedHashMap<>();
        for (String line : script.run("status").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3) {
                result.put(f[0], new Host(f[0], f[1], f[2].equals("running"), line.contains("isolated")));
            }
        }
        return result;
    }

    public String address(String host) {
        Host h = status().get(host);
        if (h == null) {
            throw new LabException("no host '" + host + "' in the lab");
        }
        return h.address();
    }

    /** The machine's own address on the lab bridge (hosts reach it; nothing beyond it). */
    public String gateway() {
        return info("gateway");
    }

    public String domain() {
        return info("domain");
    }

    public String bridge() {
        return info("bridge");
    }

    /** Private key that logs in as root on every host. */
    public Path privateKey() {
        return Path.of(info("key"));
    }

    /** known_hosts with every host's key under its address, short name and FQDN. */
    public Path knownHosts() {
        return Path.of(info("known_hosts"));
    }

    public Path stateDir() {
        return Path.of(info("state"));
    }

    /** An INI inventory of this set's hosts (ansible_host, ansible_user=root, key, known_hosts), written atomically. */
    public Path inventory() {
        String text = script.run(args("inventory", hosts.toArray(String[]::new)));
        Path file = stateDir().resolve("inventory-" + String.join("-", hosts.size() > 4
                ? List.of(hosts.get(0), Integer.toString(hosts.size())) : hosts) + ".ini");
        try {
            Path tmp = Files.createTempFile(file.getParent(), ".inventory", ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a shell command line inside the host through nsenter (no ssh involved). */
    public ExecResult exec(String host, String command) {
        return remote("exec", host, command);
    }

    /** Runs a shell command line on the host through the real ssh client, as root with the lab key. */
    public ExecResult ssh(String host, String command) {
        return remote("ssh", host, command);
    }

    /** Hard stop: SIGKILL, no shutdown; the disk is kept. */
    public void kill(String host) {
        script.run("kill", host);
    }

    /** Boots stopped hosts again with their disks; returns once they answer ssh. */
    public void start(String... names) {
        script.run(args("start", names));
    }

    /** Gives hosts a fresh disk (new host key too) and boots them. */
    public void reset(String... names) {
        script.run(args("reset", names));
    }

    /** Drops all traffic between two hosts, both ways, until {@link #heal()}. */
    public void partition(String a, String b) {
        script.run("partition", a, b);
    }

    /** Removes every partition. */
    public void heal() {
        script.run("heal");
    }

    /** Unplugs a host from the bridge. */
    public void isolate(String host) {
        script.run("isolate", host);
    }

    public void rejoin(String host) {
        script.run("rejoin", host);
    }

    /** Back to a healthy lab for this set: every host running, no partition, none isolated. Disks are kept. */
    public void restore() {
        if (!hosts.isEmpty()) {
            script.run(args("up", hosts.toArray(String[]::new)));
        }
        script.run("heal");
        for (Host h : status().values()) {
            if (h.isolated()) {
                rejoin(h.name());
            }
        }
    }

    private ExecResult remote(String how, String host, String command) {
        ExecResult r = script.call(how, host, command);
        if (r.exitCode() == LabScript.LAB_FAILED && r.stderr().startsWith("lab: ")) {
            throw LabScript.failure(new String[] {how, host, command}, r);
        }
        return r;
    }

    private String info(String key) {
        Map<String, String> facts = info.isEmpty() ? readInfo() : info;
        String value = facts.get(key);
        if (value == null) {
            throw new LabException("the lab did not report '" + key + "'");
        }
        return value;
    }

    private Map<String, String> readInfo() {
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : script.run("info").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return Map.copyOf(facts);
    }

    private static String[] args(String command, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = command;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
