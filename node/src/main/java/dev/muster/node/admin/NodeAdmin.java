package dev.muster.node.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muster.node.ConfigException;
import dev.muster.node.NodeConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code muster-node [--config FILE] admin COMMAND}: the registry operations an operator (through ./manage) runs
 * on a surviving node, with that node's database credentials from node.conf:
 * <pre>
 *   admin list [--json]                     every node with status, heartbeat age, capacity, version; deprovisioned ones
 *   admin deprovision NAME [--reason TEXT] [--json]   remove NAME (one transaction under the registry's lock)
 *   admin disable NAME | admin enable NAME  capacity 0 (no new work, still a member) and back
 * </pre>
 * Exit codes: 0 done (also "already deprovisioned", "already disabled"), 2 bad usage or configuration,
 * 3 database unavailable, 4 refused (an unknown name, the last node).
 */
public final class NodeAdmin {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int UNAVAILABLE = 3;
    public static final int REFUSED = 4;

    static final String USAGE_TEXT = String.join("\n",
            "usage: muster-node [--config FILE] admin COMMAND",
            "  list [--json]                              every registered node (status, heartbeat age, capacity, version)",
            "  deprovision NAME [--reason TEXT] [--json]  remove NAME from the registry for good; it cannot register again",
            "  disable NAME                               capacity 0: takes no new work, stays a member",
            "  enable NAME                                back to its capacity");

    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeAdmin() {
    }

    /** Runs one admin command with the configuration file {@code config}; returns the exit code. */
    public static int run(String config, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        Parsed p;
        try {
            p = Parsed.of(args);
        } catch (IllegalArgumentException e) {
            err.println("muster-node admin: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        NodeConfig cfg;
        try {
            cfg = NodeConfig.load(Path.of(config));
        } catch (ConfigException e) {
            err.println("muster-node admin: " + e.getMessage());
            return USAGE;
        }
        Connection c;
        try {
            c = AdminConnection.open(cfg, "admin " + p.command, 3, 10);
        } catch (SQLException e) {
            err.println("muster-node admin: database unreachable (" + cfg.databaseUrl + "): " + oneLine(e));
            return UNAVAILABLE;
        }
        try (c) {
            return switch (p.command) {
                case "list" -> list(c, p.json, out);
                case "deprovision" -> deprovision(c, p, out, err);
                case "disable", "enable" -> enable(c, p.name, p.command.equals("enable"), out, err);
                default -> throw new IllegalStateException(p.command);
            };
        } catch (SQLException e) {
            err.println("muster-node admin: database query failed: " + oneLine(e));
            return UNAVAILABLE;
        }
    }

    private static int list(Connection c, boolean json, PrintStream out) throws SQLException {
        List<RegistryAdmin.Node> nodes = RegistryAdmin.nodes(c);
        List<RegistryAdmin.Tombstone> gone = RegistryAdmin.tombstones(c);
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("nodes", nodes.stream().map(RegistryAdmin::json).toList());
            doc.put("deprovisioned", gone.stream().map(RegistryAdmin::json).toList());
            out.println(write(doc));
            return OK;
        }
        out.printf(Locale.ROOT, "%-24s %-9s %9s %8s %-14s %s%n", "NODE", "STATUS", "HEARTBEAT", "CAPACITY", "VERSION", "UUID");
        for (RegistryAdmin.Node n : nodes) {
            out.printf(Locale.ROOT, "%-24s %-9s %8.0fs %8d %-14s %s%n", n.name(), n.status(), n.heartbeatAgeSeconds(),
                    n.capacity(), n.version(), n.uuid());
        }
        return OK;
    }

    private static int deprovision(Connection c, Parsed p, PrintStream out, PrintStream err) throws SQLException {
        String reason = p.reason != null ? p.reason : "node " + p.name + " was deprovisioned";
        RegistryAdmin.Deprovision d = RegistryAdmin.deprovision(c, p.name, reason);
        String text = switch (d.outcome()) {
            case DEPROVISIONED -> "deprovisioned " + d.name() + " (" + d.uuid() + ") from the registry; "
                    + (d.workQueue() ? d.workFailed() + " unfinished job(s) failed: " + reason
                    : "no work to fail (this version has no job queue)") + "; registered now: " + String.join(", ", d.registered());
            case ALREADY -> d.name() + " is already deprovisioned (at " + d.at() + ", " + d.uuid() + "): nothing to do";
            case UNKNOWN -> d.name() + " is not a registered node (registered: "
                    + (d.registered().isEmpty() ? "none" : String.join(", ", d.registered())) + "): nothing changed";
            case LAST -> d.name() + " is the last registered node: deprovisioning it would leave no cluster; nothing changed"
                    + " (to remove the whole cluster, stop its services instead)";
        };
        if (p.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", d.outcome().name().toLowerCase(Locale.ROOT));
            doc.put("node", d.name());
            doc.put("uuid", d.uuid() == null ? null : d.uuid().toString());
            doc.put("at", d.at());
            doc.put("work_queue", d.workQueue());
            doc.put("work_failed", d.workFailed());
            doc.put("registered", d.registered());
            doc.put("message", text);
            out.println(write(doc));
        } else {
            (d.outcome() == RegistryAdmin.Outcome.UNKNOWN || d.outcome() == RegistryAdmin.Outcome.LAST ? err : out).println(text);
        }
        return d.outcome() == RegistryAdmin.Outcome.UNKNOWN || d.outcome() == RegistryAdmin.Outcome.LAST ? REFUSED : OK;
    }

    private static int enable(Connection c, String name, boolean enabled, PrintStream out, PrintStream err)
            throws SQLException {
        Boolean before = RegistryAdmin.setEnabled(c, name, enabled);
        if (before == null) {
            List<String> names = RegistryAdmin.nodes(c).stream().map(RegistryAdmin.Node::name).toList();
            err.println(name + " is not a registered node (registered: " + (names.isEmpty() ? "none" : String.join(", ", names))
                    + "): nothing changed");
            return REFUSED;
        }
        if (before == enabled) {
            out.println(name + " was already " + (enabled ? "enabled" : "disabled") + ": nothing changed");
        } else {
            out.println(enabled ? "enabled " + name + ": it takes work again at its capacity"
                    : "disabled " + name + ": capacity 0, it takes no new work and stays a member");
        }
        return OK;
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static String write(Object doc) {
        try {
            return JSON.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The admin command line: COMMAND [NAME] [--json] [--reason TEXT]. */
    record Parsed(String command, String name, boolean json, String reason) {
        static Parsed of(String[] args) {
            String command = args[0];
            if (!List.of("list", "deprovision", "disable", "enable").contains(command)) {
                throw new IllegalArgumentException("unknown command '" + command + "'");
            }
            List<String> positional = new ArrayList<>();
            boolean json = false;
            String reason = null;
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            for (int i = 0; i < rest.size(); i++) {
                String a = rest.get(i);
                switch (a) {
                    case "--json" -> json = true;
                    case "--reason" -> {
                        if (i + 1 >= rest.size() || !command.equals("deprovision")) {
                            throw new IllegalArgumentException("--reason needs a TEXT and goes with deprovision");
                        }
                        reason = rest.get(++i);
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option '" + a + "'");
                        }
                        positional.add(a);
                    }
                }
            }
            boolean needsName = !command.equals("list");
            if (positional.size() != (needsName ? 1 : 0)) {
                throw new IllegalArgumentException(command + (needsName ? " takes one NAME" : " takes no NAME"));
            }
            if (json && (command.equals("disable") || command.equals("enable"))) {
                throw new IllegalArgumentException("--json goes with list and deprovision");
            }
            return new Parsed(command, needsName ? positional.get(0) : null, json, reason);
        }
    }
}
