package dev.muster.node;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the node schema with Flyway when the service starts. Nodes of a cluster start at the
 * same time; Flyway locks the schema history on PostgreSQL, and we also hold a session advisory lock of our
 * own around the whole run so that even the creation of the history table itself is never raced.
 */
final class SchemaMigrator {
    /** "muster" in ASCII, then 2: the migration lock. Registration uses ...01. */
    static final long MIGRATION_LOCK = 0x6d7573746572_0002L;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    static void migrate(Database db, String user, String password) {
        try (Connection lockHolder = db.openSeparate(); Statement st = lockHolder.createStatement()) {
            // Waiting for the lock means waiting for another node's whole migration: longer than the socket
            // timeout that suits single queries on a busy machine.
            lockHolder.setNetworkTimeout(Runnable::run, (int) java.time.Duration.ofMinutes(5).toMillis());
            st.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                MigrateResult result = Flyway.configure()
                        .dataSource(db.url(), user, password)
                        .locations("classpath:db/migration")
                        .connectRetries(0)
                        .load()
                        .migrate();
                if (result.migrationsExecuted > 0) {
                    LOG.info("database schema migrated to version {} ({} migration(s))",
                            result.targetSchemaVersion, result.migrationsExecuted);
                }
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        } catch (SQLException e) {
            throw new StartupException("database unreachable during schema migration: " + OneLine.of(e));
        } catch (FlywayException e) {
            throw new StartupException("database schema migration failed: " + OneLine.of(e));
        }
    }
}
