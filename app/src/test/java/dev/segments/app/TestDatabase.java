package dev.segments.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Fresh PostgreSQL databases for integration tests: created on the server at
 * {@code SEGMENTS_TEST_DATABASE_URL} (default: the local PostgreSQL) when it is reachable, otherwise on a
 * Testcontainers PostgreSQL when Docker is available. Databases are dropped when the JVM exits, however the
 * tests ended; their names carry the JVM's process id, so a run also drops what a killed run left behind
 * (databases of processes that no longer exist) without touching those of a run still going on.
 */
final class TestDatabase {

    /** Connections per service node in tests: a test JVM runs up to four nodes at once. */
    static final String POOL_SIZE = "8";
    private static final String PREFIX = "segments_test_";

    private static final String ADMIN_URL = System.getenv().getOrDefault("SEGMENTS_TEST_DATABASE_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getenv().getOrDefault("SEGMENTS_TEST_DATABASE_USER", "postgres");
    private static final String PASSWORD = System.getenv().getOrDefault("SEGMENTS_TEST_DATABASE_PASSWORD", "");

    private static Server server;
    private static String shared;

    private TestDatabase() {
    }

    /** The database shared by all tests of this run that use the common Spring context. */
    static synchronized String shared() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /** A new, empty database, for tests that need processors of their own. */
    static synchronized String create() {
        Server target = server();
        String name = PREFIX + ProcessHandle.current().pid() + "_" + UUID.randomUUID().toString().replace("-", "")
                .substring(0, 8).toLowerCase(Locale.ROOT);
        execute(target, "create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(target, "drop database if exists " + name + " with (force)");
            } catch (RuntimeException ignored) {
                // the server may already be gone (container stopped); nothing to clean then
            }
        }));
        return target.urlOf(name);
    }

    static String user() {
        return server().user();
    }

    static String password() {
        return server().password();
    }

    private static Server server() {
        if (server == null) {
            server = reachable(ADMIN_URL) ? new Server(ADMIN_URL, USER, PASSWORD) : container();
            dropLeftovers(server);
        }
        return server;
    }

    /** Drops the test databases of earlier runs whose JVM is gone (killed before its shutdown hook ran). */
    private static void dropLeftovers(Server target) {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(target.adminUrl(), target.user(), target.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("select datname from pg_database where datname like '"
                     + PREFIX + "%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return;
        }
        for (String name : names) {
            String[] parts = name.substring(PREFIX.length()).split("_");
            boolean orphaned = parts.length != 2 || !parts[0].chars().allMatch(Character::isDigit)
                    || ProcessHandle.of(Long.parseLong(parts[0])).map(p -> !p.isAlive()).orElse(true);
            if (orphaned) {
                try {
                    execute(target, "drop database if exists " + name + " with (force)");
                } catch (RuntimeException ignored) {
                    // another run may be dropping it at the same moment
                }
            }
        }
    }

    private static boolean reachable(String url) {
        try (Connection ignored = DriverManager.getConnection(url, USER, PASSWORD)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Server container() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("No PostgreSQL at " + ADMIN_URL + " and no Docker for Testcontainers: "
                    + "start PostgreSQL or set SEGMENTS_TEST_DATABASE_URL.");
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:15-alpine");
        container.start();
        return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    private static void execute(Server target, String sql) {
        try (Connection connection = DriverManager.getConnection(target.adminUrl(), target.user(), target.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run '" + sql + "': " + e.getMessage(), e);
        }
    }

    private record Server(String adminUrl, String user, String password) {
        String urlOf(String database) {
            int slash = adminUrl.lastIndexOf('/');
            int query = adminUrl.indexOf('?', slash);
            return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
        }
    }
}
