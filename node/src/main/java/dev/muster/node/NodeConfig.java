package dev.muster.node;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The node's configuration, read from a key=value file (one setting per line, {@code #} comments).
 * Strict on purpose: an unknown or repeated key is an error, so a typo never silently falls back to a default.
 */
public final class NodeConfig {

    /** Every key the file may hold, with its default; {@code null} marks a required key. */
    static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("node.name", null);
        KEYS.put("node.id_file", "/var/lib/muster/node-id");
        KEYS.put("listen.address", "127.0.0.1");
        KEYS.put("listen.port", "8052");
        KEYS.put("heartbeat.interval", "15s");
        KEYS.put("heartbeat.lost_after", "4");
        KEYS.put("capacity", "auto");
        KEYS.put("database.url", null);
        KEYS.put("database.user", null);
        KEYS.put("database.password", "");
        KEYS.put("database.start_timeout", "10s");
        KEYS.put("rabbitmq.host", "127.0.0.1");
        KEYS.put("rabbitmq.port", "5672");
        KEYS.put("rabbitmq.vhost", "muster");
        KEYS.put("rabbitmq.user", "muster");
        KEYS.put("rabbitmq.password", null);
        KEYS.put("rabbitmq.management_url", "http://127.0.0.1:15672");
        KEYS.put("rabbitmq.expected_nodes", "");
        KEYS.put("api.admin_password_file", "/etc/muster/admin.password");
        KEYS.put("cluster.key_file", "/etc/muster/cluster.key");
        KEYS.put("projects.dir", "/var/lib/muster/projects");
    }

    private static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public final Path file;
    public final String nodeName;
    public final Path idFile;
    public final String listenAddress;
    public final int listenPort;
    public final Duration heartbeatInterval;
    public final int lostAfterIntervals;
    /** Empty when the capacity is computed from the host's cores and memory. */
    public final OptionalInt capacity;
    public final String databaseUrl;
    public final String databaseUser;
    public final String databasePassword;
    public final Duration databaseStartTimeout;
    public final String rabbitHost;
    public final int rabbitPort;
    public final String rabbitVhost;
    public final String rabbitUser;
    public final String rabbitPassword;
    /** Null when the management API is not used (status then comes from the AMQP connection only). */
    public final URI rabbitManagementUrl;
    public final List<String> rabbitExpectedNodes;
    /** The admin user's password, one line (0600); its BCrypt hash is stored at start when it changed. */
    public final Path adminPasswordFile;
    /** 32 random bytes, base64, the same on every node: the key credentials are encrypted under. */
    public final Path clusterKeyFile;
    /** Where each project's revisions are unpacked: projects.dir/NAME/REVISION/. */
    public final Path projectsDir;

    private NodeConfig(Path file, Map<String, Setting> s) {
        this.file = file;
        this.nodeName = s.get("node.name").matching(NODE_NAME, "a node name (letters, digits, '.', '_', '-'; at most 63)");
        this.idFile = Path.of(s.get("node.id_file").nonEmpty());
        this.listenAddress = s.get("listen.address").nonEmpty();
        this.listenPort = s.get("listen.port").integer(0, 65535);
        this.heartbeatInterval = s.get("heartbeat.interval").duration(Duration.ofMillis(100));
        this.lostAfterIntervals = s.get("heartbeat.lost_after").integer(2, 1000);
        Setting cap = s.get("capacity");
        this.capacity = cap.value.equals("auto") ? OptionalInt.empty() : OptionalInt.of(cap.integer(0, 1_000_000));
        Setting url = s.get("database.url");
        if (!url.value.startsWith("jdbc:postgresql:")) {
            throw url.error("expected a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DATABASE)");
        }
        this.databaseUrl = url.value;
        this.databaseUser = s.get("database.user").nonEmpty();
        this.databasePassword = s.get("database.password").value;
        this.databaseStartTimeout = s.get("database.start_timeout").duration(Duration.ZERO);
        this.rabbitHost = s.get("rabbitmq.host").nonEmpty();
        this.rabbitPort = s.get("rabbitmq.port").integer(1, 65535);
        this.rabbitVhost = s.get("rabbitmq.vhost").nonEmpty();
        this.rabbitUser = s.get("rabbitmq.user").nonEmpty();
        this.rabbitPassword = s.get("rabbitmq.password").value;
        this.rabbitManagementUrl = s.get("rabbitmq.management_url").httpUrlOrNone();
        String expected = s.get("rabbitmq.expected_nodes").value;
        this.rabbitExpectedNodes = expected.isBlank() ? List.of()
                : Arrays.stream(expected.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
        this.adminPasswordFile = Path.of(s.get("api.admin_password_file").nonEmpty());
        this.clusterKeyFile = Path.of(s.get("cluster.key_file").nonEmpty());
        this.projectsDir = Path.of(s.get("projects.dir").nonEmpty());
    }

    /** Reads and validates the file; every problem is a {@link ConfigException} naming FILE:LINE. */
    public static NodeConfig load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": configuration file not found");
        } catch (MalformedInputException e) {
            throw new ConfigException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the configuration: " + OneLine.of(e));
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(file + ":" + lineNo + ": expected KEY=VALUE, got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!KEYS.containsKey(key)) {
                throw new ConfigException(file + ":" + lineNo + ": unknown key '" + key + "' (known keys: "
                        + String.join(", ", KEYS.keySet()) + ")");
            }
            Setting earlier = settings.get(key);
            if (earlier != null && earlier.line > 0) {
                throw new ConfigException(file + ":" + lineNo + ": key '" + key + "' is already set on line " + earlier.line);
            }
            settings.put(key, new Setting(file, key, value, lineNo));
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> k : KEYS.entrySet()) {
            if (!settings.containsKey(k.getKey())) {
                if (k.getValue() == null) {
                    missing.add(k.getKey());
                } else {
                    settings.put(k.getKey(), new Setting(file, k.getKey(), k.getValue(), 0));
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(file + ": missing required key" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing));
        }
        return new NodeConfig(file, settings);
    }

    /** One key's value and where it came from (line 0: the default). */
    private record Setting(Path file, String key, String value, int line) {

        ConfigException error(String expectation) {
            String where = line > 0 ? file + ":" + line : file.toString();
            return new ConfigException(where + ": " + key + ": " + expectation + ", got '" + value + "'");
        }

        String nonEmpty() {
            if (value.isEmpty()) {
                throw error("a value is required");
            }
            return value;
        }

        String matching(Pattern p, String expectation) {
            if (!p.matcher(value).matches()) {
                throw error("expected " + expectation);
            }
            return value;
        }

        int integer(int min, int max) {
            try {
                int v = Integer.parseInt(value);
                if (v < min || v > max) {
                    throw error("expected an integer from " + min + " to " + max);
                }
                return v;
            } catch (NumberFormatException e) {
                throw error("expected an integer from " + min + " to " + max);
            }
        }

        Duration duration(Duration min) {
            try {
                Duration d = Durations.parse(value);
                if (d.compareTo(min) < 0) {
                    throw error("expected a duration of at least " + Durations.format(min));
                }
                return d;
            } catch (IllegalArgumentException e) {
                throw error("expected a duration (15, 15s, 500ms, 2m)");
            }
        }

        URI httpUrlOrNone() {
            if (value.isEmpty() || value.equals("none")) {
                return null;
            }
            try {
                URI u = new URI(value);
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                    return u;
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw error("expected an http(s) URL or 'none'");
        }
    }
}
