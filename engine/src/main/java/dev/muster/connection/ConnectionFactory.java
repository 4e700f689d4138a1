package dev.muster.connection;

import java.util.Map;

/**
 * Opens connections from a host's variables (ansible_host, ansible_port, ansible_user,
 * ansible_ssh_private_key_file, ansible_password, ansible_connection, ...).
 */
public interface ConnectionFactory extends AutoCloseable {

    /** The connection for {@code host}, opened on first use and then reused. */
    Connection connect(String host, Map<String, Object> hostVars);

    @Override
    void close();
}
