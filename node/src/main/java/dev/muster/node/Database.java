package dev.muster.node;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection to PostgreSQL, reopened after a fault. The node needs a handful of short queries per
 * heartbeat and per request, so a pool would buy nothing; serialising them on one connection also keeps
 * the node's footprint on the server at one session.
 * <p>
 * After a failed connect, further attempts wait for a growing back-off (0.5 s doubling to 5 s): requests
 * arriving meanwhile fail at once with the last error instead of each waiting for a connect timeout.
 */
public final class Database implements AutoCloseable {

    /** Work done on the connection; may throw SQLException. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /** Held so that the JUL level set below is not garbage collected with the logger. */
    private static final Logger PGJDBC_LOG = Logger.getLogger("org.postgresql");
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Database.class);

    static {
        // pgjdbc logs connection faults with stack traces through java.util.logging; the node reports them itself.
        PGJDBC_LOG.setLevel(Level.OFF);
    }

    private final String url;
    private final Properties props = new Properties();
    private Connection connection;
    private String serverVersion;
    private long nextAttemptNanos;
    private Duration backoff = FIRST_BACKOFF;
    private String lastError = "not connected yet";
    /** Off during start-up, whose failure is reported as the one fatal line; on once the node runs. */
    private boolean logFaults;
    private boolean faultLogged;
    /** When the connection in use was opened (System.nanoTime); meaningful only while {@link #connection} is set. */
    private long connectedSinceNanos;

    public Database(String url, String user, String password, String applicationName) {
        this.url = url;
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("connectTimeout", "3");
        props.setProperty("loginTimeout", "5");
        props.setProperty("socketTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
    }

    public synchronized <T> T call(Work<T> work) throws DatabaseUnavailableException {
        Connection c = connection();
        try {
            return work.run(c);
        } catch (SQLException e) {
            if (!stillValid(c)) {
                dropConnection("database connection lost: " + OneLine.of(e));
                throw new DatabaseUnavailableException(lastError);
            }
            throw new DatabaseUnavailableException("database query failed: " + OneLine.of(e));
        }
    }

    /** Like {@link #call} but ignores the back-off: used at start, where the caller paces the attempts. */
    public synchronized void connectNow() throws DatabaseUnavailableException {
        nextAttemptNanos = 0;
        connection();
    }

    /** From now on, a lost or recovered database is logged (once per change). */
    public synchronized void logFaults() {
        logFaults = true;
    }

    /**
     * How long the database has answered on the connection in use, without a fault; zero while there is none. After
     * an outage (the database host restarted) this starts again from zero, whatever the node did before.
     */
    public synchronized Duration reachableFor() {
        return connection == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - connectedSinceNanos);
    }

    public synchronized String serverVersion() {
        return serverVersion;
    }

    public String url() {
        return url;
    }

    /** A fresh connection of its own, for work that must not hold the shared one (schema migration). */
    public Connection openSeparate() throws SQLException {
        return DriverManager.getConnection(url, props);
    }

    private Connection connection() throws DatabaseUnavailableException {
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            throw new DatabaseUnavailableException(lastError);
        }
        try {
            connection = DriverManager.getConnection(url, props);
            connection.setAutoCommit(true);
            serverVersion = connection.getMetaData().getDatabaseProductVersion();
            connectedSinceNanos = now;
            backoff = FIRST_BACKOFF;
            if (faultLogged) {
                LOG.info("database reachable again");
                faultLogged = false;
            }
            return connection;
        } catch (SQLException e) {
            lastError = "database unreachable: " + OneLine.of(e);
            nextAttemptNanos = now + backoff.toNanos();
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            logFault();
            throw new DatabaseUnavailableException(lastError);
        }
    }

    private static boolean stillValid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void dropConnection(String why) {
        lastError = why;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it is already broken
        }
        connection = null;
        logFault();
    }

    private void logFault() {
        if (logFaults && !faultLogged) {
            LOG.warn("{}; retrying with back-off", lastError);
            faultLogged = true;
        }
    }

    @Override
    public synchronized void close() {
        logFaults = false;
        if (connection != null) {
            dropConnection("closed");
        }
    }
}
