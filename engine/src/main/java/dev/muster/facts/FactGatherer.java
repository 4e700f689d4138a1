package dev.muster.facts;

import dev.muster.connection.ExecResult;
import dev.muster.module.RemoteAction;
import dev.muster.module.TaskResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers every fact in ONE script (one round trip): each fact's command runs after a section
 * line "@@fact NAME"; {@link #parse} cuts the output at those lines and hands each section to its
 * parser. Nothing but POSIX sh and Debian base tools is needed on the target.
 */
public final class FactGatherer {

    private static final String SECTION = "@@fact ";

    private static final List<Fact> FACTS = List.of(
            new Fact("uname", "uname -n; uname -r; uname -m", FactGatherer::uname),
            new Fact("hostname", "hostname 2>/dev/null || uname -n", (out, f) -> {
                String name = out.strip();
                f.put("ansible_hostname", name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
            }),
            new Fact("fqdn", "hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n", FactGatherer::fqdn),
            new Fact("os_release", "cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null", FactGatherer::osRelease),
            new Fact("debian_version", "cat /etc/debian_version 2>/dev/null", FactGatherer::debianVersion),
            new Fact("memory", "grep -E '^(MemTotal|MemFree|SwapTotal):' /proc/meminfo", FactGatherer::memory),
            new Fact("cpus", "nproc 2>/dev/null || getconf _NPROCESSORS_ONLN", (out, f) -> f.put("ansible_processor_vcpus", intOr(out.strip(), 1))),
            new Fact("service_mgr", "if [ -d /run/systemd/system ]; then echo systemd; else cat /proc/1/comm 2>/dev/null; fi",
                    (out, f) -> f.put("ansible_service_mgr", out.strip().equals("systemd") ? "systemd" : "sysvinit")),
            new Fact("pkg_mgr", "for p in apt-get dnf yum zypper apk pacman; do if command -v $p >/dev/null 2>&1; then echo $p; break; fi; done",
                    (out, f) -> f.put("ansible_pkg_mgr", switch (out.strip()) {
                        case "apt-get" -> "apt";
                        case "" -> "unknown";
                        default -> out.strip();
                    })),
            new Fact("user", "id -un; id -u; id -g; printf '%s\\n' \"$HOME\"", FactGatherer::user),
            new Fact("route", "ip -4 route show default 2>/dev/null", (out, f) -> f.put("_route", out)),
            new Fact("addr", "ip -o -4 addr show 2>/dev/null || hostname -I 2>/dev/null", (out, f) -> f.put("_addr", out)));

    private FactGatherer() {
    }

    public static List<Fact> facts() {
        return FACTS;
    }

    /** The one script that gathers everything. */
    public static String script() {
        StringBuilder script = new StringBuilder();
        for (Fact fact : FACTS) {
            script.append("echo '").append(SECTION).append(fact.name()).append("'\n");
            script.append("{ ").append(fact.command()).append("\n} 2>/dev/null\n");
        }
        script.append("exit 0\n");
        return script.toString();
    }

    /** The ansible_* facts in the script's output. */
    public static Map<String, Object> parse(String stdout) {
        Map<String, String> sections = new LinkedHashMap<>();
        String current = null;
        StringBuilder text = new StringBuilder();
        for (String line : stdout.split("\n", -1)) {
            if (line.startsWith(SECTION)) {
                if (current != null) {
                    sections.put(current, text.toString());
                }
                current = line.substring(SECTION.length()).strip();
                text.setLength(0);
            } else if (current != null) {
                text.append(line).append('\n');
            }
        }
        if (current != null) {
            sections.put(current, text.toString());
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        for (Fact fact : FACTS) {
            fact.parser().parse(sections.getOrDefault(fact.name(), ""), facts);
        }
        NetworkFacts.parse(String.valueOf(facts.remove("_route")), String.valueOf(facts.remove("_addr")), facts);
        return facts;
    }

    /** Fact gathering as a task: the facts are set on the host and registered as ansible_facts. */
    public static RemoteAction action() {
        return RemoteAction.of(script(), FactGatherer::interpret);
    }

    static TaskResult interpret(ExecResult exec) {
        Map<String, Object> facts = parse(exec.stdout());
        if (facts.get("ansible_hostname") == null || String.valueOf(facts.get("ansible_hostname")).isEmpty()) {
            return TaskResult.failed("fact gathering printed nothing usable (exit " + exec.exitCode() + "): " + exec.stderr().strip());
        }
        return TaskResult.ok("").withFacts(facts).withData(Map.of("ansible_facts", facts));
    }

    private static void uname(String out, Map<String, Object> f) {
        String[] lines = out.split("\n");
        f.put("ansible_nodename", lines.length > 0 ? lines[0].strip() : "");
        f.put("ansible_kernel", lines.length > 1 ? lines[1].strip() : "");
        f.put("ansible_architecture", lines.length > 2 ? lines[2].strip() : "");
        f.put("ansible_machine", lines.length > 2 ? lines[2].strip() : "");
        f.put("ansible_system", "Linux");
    }

    private static void fqdn(String out, Map<String, Object> f) {
        String fqdn = out.strip();
        f.put("ansible_fqdn", fqdn);
        f.put("ansible_domain", fqdn.contains(".") ? fqdn.substring(fqdn.indexOf('.') + 1) : "");
    }

    static void osRelease(String out, Map<String, Object> f) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                String value = line.substring(eq + 1).strip();
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                kv.put(line.substring(0, eq).strip(), value);
            }
        }
        String id = kv.getOrDefault("ID", "");
        String distribution = switch (id) {
            case "debian" -> "Debian";
            case "ubuntu" -> "Ubuntu";
            case "" -> "Unknown";
            default -> kv.getOrDefault("NAME", id).split(" ")[0];
        };
        f.put("ansible_distribution", distribution);
        String like = kv.getOrDefault("ID_LIKE", "");
        boolean debianFamily = id.equals("debian") || id.equals("ubuntu") || id.equals("raspbian") || like.contains("debian") || like.contains("ubuntu");
        f.put("ansible_os_family", debianFamily ? "Debian" : like.contains("rhel") || like.contains("fedora") ? "RedHat" : distribution);
        String version = kv.getOrDefault("VERSION_ID", "");
        f.put("ansible_distribution_version", version);
        f.put("ansible_distribution_major_version", version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        String release = kv.getOrDefault("VERSION_CODENAME", "");
        if (release.isEmpty()) {
            // Older releases: VERSION="10 (buster)".
            String v = kv.getOrDefault("VERSION", "");
            int open = v.indexOf('(');
            release = open >= 0 && v.indexOf(')') > open ? v.substring(open + 1, v.indexOf(')')).split(",")[0].strip().toLowerCase() : "";
        }
        f.put("ansible_distribution_release", release);
    }

    /** Debian's point release ("12.11") is in /etc/debian_version; os-release only says "12". */
    static void debianVersion(String out, Map<String, Object> f) {
        String version = out.strip();
        if ("Debian".equals(f.get("ansible_distribution")) && version.matches("\\d+(\\.\\d+)*")) {
            f.put("ansible_distribution_version", version);
            f.put("ansible_distribution_major_version", version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        }
    }

    private static void memory(String out, Map<String, Object> f) {
        for (String line : out.split("\n")) {
            String[] w = line.trim().split("\\s+");
            if (w.length >= 2) {
                long mb = Long.parseLong(w[1]) / 1024;
                switch (w[0]) {
                    case "MemTotal:" -> f.put("ansible_memtotal_mb", mb);
                    case "MemFree:" -> f.put("ansible_memfree_mb", mb);
                    case "SwapTotal:" -> f.put("ansible_swaptotal_mb", mb);
                    default -> { }
                }
            }
        }
        f.putIfAbsent("ansible_memtotal_mb", 0L);
    }

    private static void user(String out, Map<String, Object> f) {
        String[] lines = out.split("\n");
        f.put("ansible_user_id", lines.length > 0 ? lines[0].strip() : "");
        f.put("ansible_user_uid", lines.length > 1 ? intOr(lines[1].strip(), -1) : -1);
        f.put("ansible_user_gid", lines.length > 2 ? intOr(lines[2].strip(), -1) : -1);
        f.put("ansible_user_dir", lines.length > 3 ? lines[3].strip() : "");
    }

    private static int intOr(String text, int fallback) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
