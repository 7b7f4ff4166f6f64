package dev.segments.bench.core;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** JDBC for the baselines, seeding and checks: user postgres on the URLs run.sh gives (pgjdbc at run time). */
public final class Jdbc {

    /** Binds the parameters of one execution of a prepared statement. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Prepares what one client needs on its own connection and returns its operation. */
    @FunctionalInterface
    public interface OnConnection {
        Op open(Connection c) throws Exception;
    }

    private Jdbc() {
    }

    public static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url, "postgres", "");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client's operation on a connection of its own, closed with the operation. */
    public static Op op(String url, OnConnection body) throws Exception {
        Connection c = connect(url);
        Op op;
        try {
            op = body.open(c);
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
        return new Op() {
            public void run() throws Exception {
                op.run();
            }

            public void close() throws SQLException {
                c.close();
            }
        };
    }

    /** A client running one query: bind, execute, read every column of every row (as the service does). */
    public static Op query(String url, String sql, Binder binder) throws Exception {
        return op(url, c -> {
            PreparedStatement ps = c.prepareStatement(sql);
            return () -> {
                binder.bind(ps);
                readAll(ps);
            };
        });
    }

    /** Runs one query once and returns the first column of its rows (the ids, for comparing with the API). */
    public static List<String> ids(String url, String sql, Binder binder) throws SQLException {
        try (Connection c = connect(url); PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ids(ps);
        }
    }

    public static List<String> ids(PreparedStatement ps) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    /** Reads every column of every row, as the service does, and returns the row count. */
    public static int readAll(PreparedStatement ps) throws SQLException {
        int rows = 0;
        try (ResultSet rs = ps.executeQuery()) {
            int cols = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= cols; i++) {
                    rs.getString(i);
                }
                rows++;
            }
        }
        return rows;
    }

    /** The first row of a query, its columns joined with ", ". */
    public static String scalarRow(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    b.append(i > 1 ? ", " : "").append(rs.getString(i));
                }
                return b.toString();
            }
        }
    }

    /** {@link #scalarRow(Connection, String, Object...)} on a connection of its own. */
    public static String scalarRow(String url, String sql, Object... params) throws SQLException {
        try (Connection c = connect(url)) {
            return scalarRow(c, sql, params);
        }
    }

    /** Runs statements in autocommit, in order, on one connection. */
    public static void execute(String url, String... statements) throws SQLException {
        try (Connection c = connect(url); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
