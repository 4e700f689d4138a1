package dev.muster.setup;

import dev.muster.inventory.Inventory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a Tower 3.1 inventory must pass before setup touches any host: they need no
 * connection, so every mistake is reported at once, each with the fix, and nothing changes.
 * Host checks (reachability, system, memory, disk, names) are the preflight role's.
 */
public final class TowerInventoryCheck {

    static final List<String> SECRETS = List.of("admin_password", "pg_password", "rabbitmq_password", "rabbitmq_cookie");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Inventory inventory;
    private final Map<String, Object> defaults;
    private final Map<String, Object> extra;

    /**
     * @param defaults the installer's defaults (lowest precedence)
     * @param extra    -e variables (highest)
     */
    public TowerInventoryCheck(Inventory inventory, Map<String, Object> defaults, Map<String, Object> extra) {
        this.inventory = inventory;
        this.defaults = defaults;
        this.extra = extra;
    }

    /** Every problem found, in a stable order; empty when setup may go on. */
    public List<String> problems() {
        Set<String> problems = new LinkedHashSet<>();
        List<String> tower = inventory.groupNames().contains("tower") ? inventory.hostsOf("tower") : List.of();
        List<String> database = inventory.groupNames().contains("database") ? inventory.hostsOf("database") : List.of();
        if (tower.isEmpty()) {
            problems.add("no [tower] host: list the cluster's nodes under a [tower] group (at least one)");
            return new ArrayList<>(problems);
        }
        if (database.size() > 1) {
            problems.add("[database] has " + database.size() + " hosts (" + String.join(", ", database)
                    + "): it names the one PostgreSQL host; keep one");
        }
        List<String> all = new ArrayList<>(tower);
        database.stream().filter(h -> !all.contains(h)).forEach(all::add);
        for (String host : all) {
            Map<String, Object> vars = effective(host);
            for (String secret : SECRETS) {
                if (text(vars.get(secret)).isEmpty()) {
                    problems.add(secret + " is " + (vars.containsKey(secret) ? "empty" : "not set")
                            + ": set it in the inventory's [all:vars] (" + secret + "='...')");
                }
            }
            String pgHost = text(vars.get("pg_host"));
            if (!pgHost.isEmpty() && !explicitlySet(host, "pg_port")) {
                problems.add("pg_host is set (" + pgHost + ") but pg_port is not: set pg_port too (e.g. pg_port=5432)");
            }
        }
        Map<String, Object> first = effective(tower.get(0));
        if (tower.size() > 1 && database.isEmpty() && text(first.get("pg_host")).isEmpty()) {
            problems.add("a cluster of " + tower.size() + " [tower] hosts needs one database they share: add a [database] host, "
                    + "or set pg_host (and pg_port) to an existing PostgreSQL server");
        }
        if (tower.size() > 1) {
            database.stream().filter(tower::contains).forEach(h -> problems.add(
                    h + " is in both [tower] and [database]: only a single-node install may share its host with the database; "
                            + "use a separate [database] host"));
        }
        checkNodeNames(tower, problems);
        return new ArrayList<>(problems);
    }

    /** rabbitmq_use_long_name must fit the names RabbitMQ will use: Tower said it cannot detect this; we can. */
    private void checkNodeNames(List<String> tower, Set<String> problems) {
        for (String host : tower) {
            Map<String, Object> vars = effective(host);
            Object flag = vars.get("rabbitmq_use_long_name");
            Boolean longNames = bool(flag);
            if (longNames == null) {
                problems.add("rabbitmq_use_long_name is '" + flag + "': set it to true or false");
                return;
            }
            boolean explicitHost = vars.get("rabbitmq_host") != null && !text(vars.get("rabbitmq_host")).isEmpty();
            String name = explicitHost ? text(vars.get("rabbitmq_host")) : host;
            boolean isLong = name.contains(".") || name.contains(":");
            boolean isAddress = IPV4.matcher(name).matches() || name.contains(":");
            if (!longNames && isLong) {
                problems.add("node " + host + " is known to RabbitMQ as '" + name + "', " + (isAddress ? "an IP address" : "a fully qualified name")
                        + ", but rabbitmq_use_long_name is false: set rabbitmq_use_long_name=true, or rabbitmq_host to a short name");
            } else if (longNames && !isLong) {
                problems.add("node " + host + " is known to RabbitMQ as '" + name + "', a short name, but rabbitmq_use_long_name is true: "
                        + "set rabbitmq_use_long_name=false, or name the nodes by FQDN or IP address (rabbitmq_host)");
            }
        }
    }

    private Map<String, Object> effective(String host) {
        Map<String, Object> vars = new java.util.HashMap<>(defaults);
        vars.putAll(inventory.hostVars(host));
        vars.putAll(extra);
        return vars;
    }

    private boolean explicitlySet(String host, String name) {
        return inventory.hostVars(host).containsKey(name) || extra.containsKey(name);
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value).strip();
    }

    /** Ansible's bool filter: true/yes/on/1 and false/no/off/0; anything else is not a boolean. */
    static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = text(value).toLowerCase(java.util.Locale.ROOT);
        if (List.of("true", "yes", "on", "1", "y", "t").contains(text)) {
            return true;
        }
        if (List.of("false", "no", "off", "0", "n", "f", "").contains(text)) {
            return false;
        }
        return null;
    }
}
