package dev.muster.connection;

import dev.muster.error.MusterException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where and as whom to connect, read from a host's variables the way Ansible reads them.
 * {@code ansible_ssh_common_args} and {@code ansible_ssh_extra_args} are OpenSSH command-line options and are
 * ignored: there is no OpenSSH client underneath to pass them to.
 *
 * @param keyFiles       private keys to offer, in order; the default identities in ~/.ssh when none is named
 * @param hostKeyPolicy  a per-host override ({@code ansible_host_key_checking: false} means insecure), or null
 * @param connectTimeout a per-host connect timeout ({@code ansible_ssh_timeout}, {@code ansible_timeout}: see
 *                       {@link ConnectTimeout}), or null for the run's
 */
public record SshTarget(String name, String address, int port, String user, List<Path> keyFiles,
                        String keyPassphrase, String password, HostKeyPolicy hostKeyPolicy, Duration connectTimeout) {

    private static final List<String> DEFAULT_IDENTITIES = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    public SshTarget {
        keyFiles = List.copyOf(keyFiles);
    }

    public static SshTarget fromHostVars(String inventoryName, Map<String, Object> vars) {
        String address = address(inventoryName, vars);
        String portText = text(vars, "ansible_port", "ansible_ssh_port");
        String user = user(vars);
        String keyFile = text(vars, "ansible_ssh_private_key_file", "ansible_private_key_file");
        String password = text(vars, "ansible_password", "ansible_ssh_pass", "ansible_ssh_password");
        return new SshTarget(inventoryName, address,
                portText == null ? 22 : port(inventoryName, portText),
                user,
                keyFile == null ? defaultIdentities() : List.of(expandHome(keyFile)),
                text(vars, "ansible_ssh_private_key_passphrase"),
                password,
                hostKeyPolicy(inventoryName, vars),
                ConnectTimeout.forHost(inventoryName, vars));
    }

    /**
     * Who logs in where, as text ({@code name user@address:port}): what tells two connections of a host apart, read
     * without building the whole target (no key file is looked at).
     */
    public static String loginOf(String inventoryName, Map<String, Object> vars) {
        String portText = text(vars, "ansible_port", "ansible_ssh_port");
        return inventoryName + " " + user(vars) + "@" + address(inventoryName, vars) + ":" + (portText == null ? "22" : portText.trim());
    }

    private static String address(String inventoryName, Map<String, Object> vars) {
        String address = text(vars, "ansible_host", "ansible_ssh_host");
        return address == null ? inventoryName : address;
    }

    private static String user(Map<String, Object> vars) {
        String user = text(vars, "ansible_user", "ansible_ssh_user");
        return user == null ? System.getProperty("user.name") : user;
    }

    /** The connection type named by {@code ansible_connection}: ssh unless told otherwise. */
    public static String connectionType(Map<String, Object> vars) {
        String type = text(vars, "ansible_connection");
        return type == null ? "ssh" : type.trim().toLowerCase(Locale.ROOT);
    }

    /** The name sshd and known_hosts know the host by: {@code host}, or {@code [host]:port} off port 22. */
    public String knownHostsName() {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    @Override
    public String toString() {
        return "SshTarget[" + user + "@" + address + ":" + port + " (" + name + "), keys=" + keyFiles
                + ", password=" + (password == null ? "none" : "****") + "]";
    }

    private static int port(String host, String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the value
        }
        throw new MusterException(host + ": ansible_port must be a port number (1-65535), got '" + text + "'");
    }

    private static HostKeyPolicy hostKeyPolicy(String host, Map<String, Object> vars) {
        String muster = text(vars, "muster_host_key_checking");
        if (muster != null) {
            HostKeyPolicy policy = HostKeyPolicy.parse(muster);
            if (policy == null) {
                throw new MusterException(host + ": muster_host_key_checking must be strict, accept-new or insecure, got '"
                        + muster + "'");
            }
            return policy;
        }
        String ansible = text(vars, "ansible_host_key_checking", "ansible_ssh_host_key_checking");
        if (ansible != null && List.of("false", "no", "off", "0").contains(ansible.trim().toLowerCase(Locale.ROOT))) {
            return HostKeyPolicy.INSECURE;
        }
        return null;
    }

    private static List<Path> defaultIdentities() {
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh");
        List<Path> found = new ArrayList<>();
        for (String name : DEFAULT_IDENTITIES) {
            Path key = ssh.resolve(name);
            if (Files.isReadable(key)) {
                found.add(key);
            }
        }
        return found;
    }

    static Path expandHome(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + file.substring(1));
        }
        return Path.of(file);
    }

    private static String text(Map<String, Object> vars, String... names) {
        for (String name : names) {
            Object value = vars.get(name);
            if (value != null && !String.valueOf(value).isEmpty()) {
                return String.valueOf(value);
            }
        }
        return null;
    }
}
