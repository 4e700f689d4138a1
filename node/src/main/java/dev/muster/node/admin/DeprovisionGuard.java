package dev.muster.node.admin;

import dev.muster.node.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * At start, before anything else: a node whose UUID was deprovisioned refuses to start (exit 2, which systemd
 * does not retry), so a dead host that comes back after its deprovisioning stays out of the cluster instead of
 * registering again. Only a definite answer refuses: no id file yet, an unreachable database or a schema without
 * tombstones let the node start as usual (the registry's trigger still refuses the UUID).
 */
public final class DeprovisionGuard {

    private DeprovisionGuard() {
    }

    /** The reason this node must not start, or null. */
    public static String refusal(NodeConfig cfg) {
        UUID uuid = idOf(cfg.idFile);
        if (uuid == null) {
            return null;
        }
        try (Connection c = AdminConnection.open(cfg, "start check", 1, 3)) {
            RegistryAdmin.Tombstone t = RegistryAdmin.tombstoneOf(c, uuid);
            return t == null ? null : message(cfg.nodeName, t);
        } catch (SQLException e) {
            return null;
        }
    }

    static String message(String configuredName, RegistryAdmin.Tombstone t) {
        return "this node (" + configuredName + ", " + t.uuid() + ") was deprovisioned from the cluster at " + t.at()
                + " as '" + t.name() + "': it does not rejoin by itself. To make this host a node again, run"
                + " './manage deprovision-node " + t.name() + "' once more now that it is reachable (it wipes the"
                + " host's old state and identity), then add it to the inventory and run setup.sh";
    }

    private static UUID idOf(Path file) {
        try {
            return UUID.fromString(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null; // NodeIdentity reports an unreadable or broken id file itself
        }
    }
}
