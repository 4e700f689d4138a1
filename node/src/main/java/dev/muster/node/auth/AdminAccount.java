package dev.muster.node.auth;

import dev.muster.node.ConfigException;
import dev.muster.node.DatabaseUnavailableException;
import dev.muster.node.OneLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code admin} user, from {@code api.admin_password_file} (written by setup from the inventory's
 * admin_password). At start its hash is replaced only when the stored one does not match the file, so a changed
 * password takes effect with the next setup run, every node agrees, and the plain text is never stored.
 */
public final class AdminAccount {
    public static final String USERNAME = "admin";
    private static final Logger LOG = LoggerFactory.getLogger(AdminAccount.class);

    private AdminAccount() {
    }

    /** Brings the stored admin hash in line with the file; a missing file leaves the account as it is. */
    public static void sync(Users users, Path passwordFile) throws DatabaseUnavailableException {
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            LOG.warn("{} does not exist (api.admin_password_file): the admin password is not set by this node",
                    passwordFile);
            return;
        } catch (IOException e) {
            throw new ConfigException(passwordFile + ": cannot read the admin password (api.admin_password_file): "
                    + OneLine.of(e));
        }
        try {
            Passwords.checkLength(password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(passwordFile + ": " + e.getMessage());
        }
        Users.User admin = users.find(USERNAME);
        if (admin != null && Passwords.matches(admin.passwordHash(), password)) {
            return;
        }
        users.setPasswordHash(USERNAME, Passwords.hash(password));
        LOG.info("admin password {} from {}", admin == null ? "set" : "changed", passwordFile);
    }
}
