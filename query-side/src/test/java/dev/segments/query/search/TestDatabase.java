package dev.segments.query.search;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * A throw-away PostgreSQL database with the query side's tables (its own Flyway migrations) and a few varied
 * rows in {@code segment_view},
 * created on the server at {@code SEGMENTS_TEST_DATABASE_URL} (default the local one) and
 * dropped on close.
 */
final class TestDatabase implements AutoCloseable {

    static final String TENANT = "acme";

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(.*)");

    private final String adminUrl;
    private final String name;
    private final Connection connection;

    private TestDatabase(String adminUrl, String name, Connection connection) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.connection = connection;
    }

    static TestDatabase create() throws SQLException {
        String adminUrl = env("SEGMENTS_TEST_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        Matcher url = URL.matcher(adminUrl);
        if (!url.matches()) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL: " + adminUrl);
        }
        String name = "qengine_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection admin = connect(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String databaseUrl = url.group(1) + name + url.group(3);
        Flyway.configure().dataSource(databaseUrl, user(), password()).locations("classpath:db/migration/query")
                .load().migrate();
        Connection connection = connect(databaseUrl);
        TestDatabase database = new TestDatabase(adminUrl, name, connection);
        database.populate();
        return database;
    }

    Connection connection() {
        return connection;
    }

    /** Runs the list query the way a resource will, inside a transaction with a statement timeout. */
    List<String> ids(CompiledSearch search, boolean withoutSequentialScans) throws SQLException {
        String sql = "select s.id from segment_view s where s.tenant = ? and (" + search.where() + ") order by "
                + search.orderBy() + " limit 100";
        connection.setAutoCommit(false);
        try (Statement settings = connection.createStatement()) {
            settings.execute("SET LOCAL statement_timeout = '2s'");
            if (withoutSequentialScans) {
                // The table is tiny, so only this makes the planner try the GIN and expression indexes.
                settings.execute("SET LOCAL enable_seqscan = off");
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, TENANT);
                int index = 2;
                for (Object parameter : search.parameters()) {
                    statement.setObject(index++, parameter);
                }
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
        try (Connection admin = connect(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private void populate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // the engine is also tried on missing values of columns the service always fills
            statement.execute("alter table segment_view alter column site_code drop not null, "
                    + "alter column status drop not null, alter column modified_at drop not null");
            statement.execute("""
                    insert into segment_view values
                    ('acme', 'seg-1', '{"en":"Gold","de":"Gold DE"}', '{"en":"Top customers"}', 'ACTIVE', 'main',
                     '2024-01-01T00:00:00Z', null,
                     '{"loyalty":{"level":"gold","points":1500},"score":9,"tags":["vip","eu"],"since":"2024-05-19T10:00:00Z"}',
                     '{"source":"import"}', 3, '2024-05-18T07:27:27.455Z', '2024-05-19T00:00:00Z'),
                    ('acme', 'seg-2', '{"en":"Silver","fr":"Argent"}', '{"en":"with spaces here"}', 'ACTIVE', 'main',
                     null, '2025-01-01T00:00:00Z',
                     '{"loyalty":{"level":"silver","points":"700"},"score":5.5,"flag":true,"since":"2024-06-01"}',
                     null, 1, '2024-05-19T12:00:00Z', '2024-05-19T12:00:00Z'),
                    ('acme', 'seg-3', '{"en":"Bronze"}', null, 'INACTIVE', 'a b:c(d)',
                     '2024-06-01T00:00:00Z', '2024-12-31T00:00:00Z',
                     '{"loyalty":{"level":null},"score":"5","flag":"true"}',
                     '{"source":"api"}', 2, '2024-05-20T00:00:00Z', '2024-05-21T00:00:00Z'),
                    ('acme', 'seg-4', '{"de":"Nur Deutsch"}', '{}', 'DRAFT', null,
                     null, null, null, null, 10, '2024-05-21T00:00:00Z', null),
                    ('acme', 'seg-5', '{"en":"Quote \\"me\\" \\\\ back"}', null, 'ACTIVE', 'other',
                     null, null, '{"score":-2,"note":"x","tags":[]}', 'null', 7, '2024-05-17T00:00:00Z', null),
                    ('other', 'seg-1', '{"en":"Gold"}', null, 'ACTIVE', 'main',
                     null, null, '{"loyalty":{"level":"gold"}}', null, 1, '2024-05-18T00:00:00Z', null)""");
            statement.execute("analyze segment_view");
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, user(), password());
    }

    private static String user() {
        return env("SEGMENTS_TEST_DATABASE_USER", "postgres");
    }

    private static String password() {
        return env("SEGMENTS_TEST_DATABASE_PASSWORD", "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
