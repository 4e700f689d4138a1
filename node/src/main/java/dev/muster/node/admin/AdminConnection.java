package dev.muster.node.admin;

import dev.muster.node.NodeConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A connection of the admin commands (and of the start check) to the node's database, with node.conf's credentials.
 * An operator's command waits longer than the service's heartbeat does (a loaded host answers slowly) and tries
 * three times before it reports the database unreachable.
 */
final class AdminConnection {

    private AdminConnection() {
    }

    static Connection open(NodeConfig cfg, String purpose, int attempts, int connectSeconds) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", cfg.databaseUser);
        props.setProperty("password", cfg.databasePassword);
        props.setProperty("ApplicationName", "muster-node " + purpose + " (" + cfg.nodeName + ")");
        props.setProperty("connectTimeout", String.valueOf(connectSeconds));
        props.setProperty("loginTimeout", String.valueOf(connectSeconds * 2));
        props.setProperty("socketTimeout", "120");
        SQLException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return DriverManager.getConnection(cfg.databaseUrl, props);
            } catch (SQLException e) {
                last = e;
                try {
                    Thread.sleep(1000L * (i + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }
}
