package dev.muster.node.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a node.conf for one test node, pointing at the test services. */
final class NodeConf {
    final Map<String, String> keys = new LinkedHashMap<>();
    final Path dir;

    NodeConf(Path dir, String nodeName, String databaseUrl) throws IOException {
        this.dir = dir;
        RabbitServer r = TestServices.rabbit();
        keys.put("node.name", nodeName);
        keys.put("node.id_file", dir.resolve(nodeName + ".id").toString());
        keys.put("listen.address", "127.0.0.1");
        keys.put("listen.port", Integer.toString(Cmd.freePort()));
        keys.put("heartbeat.interval", "1s");
        keys.put("capacity", "7");
        keys.put("database.url", databaseUrl);
        keys.put("database.user", "postgres");
        keys.put("database.password", "");
        // the test database is up: wait for it as a deployed node does, since a login can take seconds on a loaded machine
        keys.put("database.start_timeout", "2m");
        keys.put("rabbitmq.host", "127.0.0.1");
        keys.put("rabbitmq.port", Integer.toString(r.amqpPort));
        keys.put("rabbitmq.vhost", RabbitServer.VHOST);
        keys.put("rabbitmq.user", RabbitServer.USER);
        keys.put("rabbitmq.password", RabbitServer.PASSWORD);
        keys.put("rabbitmq.management_url", "http://127.0.0.1:" + r.managementPort);
        keys.put("rabbitmq.expected_nodes", r.nodeName);
        // Jobs: one admin password and one cluster key for every node of the directory, as setup writes them.
        Path password = dir.resolve("admin.password");
        if (!Files.exists(password)) {
            Files.writeString(password, ADMIN_PASSWORD + "\n", StandardCharsets.UTF_8);
        }
        Path key = dir.resolve("cluster.key");
        if (!Files.exists(key)) {
            byte[] raw = new byte[32];
            new java.security.SecureRandom().nextBytes(raw);
            Files.writeString(key, java.util.Base64.getEncoder().encodeToString(raw) + "\n", StandardCharsets.US_ASCII);
        }
        keys.put("api.admin_password_file", password.toString());
        keys.put("cluster.key_file", key.toString());
        keys.put("projects.dir", dir.resolve(nodeName + "-projects").toString());
    }

    static final String ADMIN_PASSWORD = "adm1n pass";

    NodeConf set(String key, String value) {
        keys.put(key, value);
        return this;
    }

    int port() {
        return Integer.parseInt(keys.get("listen.port"));
    }

    Path write() throws IOException {
        StringBuilder sb = new StringBuilder("# written by a test\n");
        keys.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        Path file = dir.resolve(keys.get("node.name") + ".conf");
        Files.writeString(file, sb, StandardCharsets.UTF_8);
        return file;
    }
}
