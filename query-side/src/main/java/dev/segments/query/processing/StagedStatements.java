package dev.segments.query.processing;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SQL statements collected during a batch and sent when it commits: consecutive runs of one statement as one JDBC
 * batch, so a batch of events costs a few round trips instead of one per row. Optionally (a rebuild, which writes
 * tables no reader sees, in large batches) a run of one {@code insert ... values (...)} goes as multi-row inserts
 * instead: the same rows in the same order, but the server runs one statement per thousand rows rather than one
 * per row, which was most of a rebuild's time.
 */
public final class StagedStatements {

    /** Rows per multi-row insert, and its bound on parameters (the protocol allows at most 32,767 per statement). */
    private static final int MAX_ROWS = 1000;
    private static final int MAX_PARAMETERS = 30_000;
    /** PostgreSQL's {@code cardinality_violation}: one upsert statement met the same key twice. */
    private static final String SAME_KEY_TWICE = "21000";
    private static final String SAVEPOINT = "staged_rows";
    private static final Pattern VALUES = Pattern.compile("(?i)\\bvalues\\s*\\(");

    private record Statement(String sql, Object[] arguments) {
    }

    private final List<Statement> statements = new ArrayList<>();
    private boolean multiRowInserts;

    public void add(String sql, Object... arguments) {
        statements.add(new Statement(sql, arguments));
    }

    /** Sends runs of one insert as multi-row inserts from now on (see the class comment). */
    public void multiRowInserts() {
        multiRowInserts = true;
    }

    /** Sends what was staged, in order, and forgets it. */
    public void flush(JdbcTemplate jdbc) {
        int from = 0;
        while (from < statements.size()) {
            String sql = statements.get(from).sql();
            List<Object[]> rows = new ArrayList<>();
            int to = from;
            while (to < statements.size() && statements.get(to).sql().equals(sql)) {
                rows.add(statements.get(to++).arguments());
            }
            MultiRowInsert insert = rows.size() > 1 && multiRowInserts ? MultiRowInsert.of(sql) : null;
            if (insert != null && insert.parameters() == rows.get(0).length) {
                insert.send(jdbc, rows);
            } else if (rows.size() == 1) {
                jdbc.update(sql, rows.get(0));
            } else {
                jdbc.batchUpdate(sql, rows);
            }
            from = to;
        }
        statements.clear();
    }

    /** Forgets what was staged (its transaction rolled back). */
    public void clear() {
        statements.clear();
    }

    /**
     * An {@code insert ... values (<row>) [on conflict ...]} statement, its row repeated for as many rows as a
     * statement takes. An upsert whose rows meet the same key twice in one statement is refused by PostgreSQL
     * (a later row may not update one the same statement wrote): such a chunk is rolled back to its savepoint
     * and sent row by row, as the statements were staged.
     */
    record MultiRowInsert(String head, String row, String tail, int parameters) {

        /** The statement taken apart, or null when it is no single-row {@code insert ... values}. */
        static MultiRowInsert of(String sql) {
            String lower = sql.toLowerCase(Locale.ROOT);
            if (!lower.stripLeading().startsWith("insert ") || sql.indexOf('\'') >= 0 || sql.indexOf('"') >= 0
                    || sql.contains("--") || sql.contains("/*")) {
                return null;
            }
            Matcher values = VALUES.matcher(sql);
            if (!values.find()) {
                return null;
            }
            int open = values.end() - 1;
            int depth = 0;
            int close = -1;
            for (int i = open; i < sql.length() && close < 0; i++) {
                char c = sql.charAt(i);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    close = i;
                }
            }
            if (close < 0 || sql.substring(close + 1).stripLeading().startsWith(",")
                    || lower.substring(close + 1).contains("returning")) {
                return null;
            }
            String row = sql.substring(open, close + 1);
            int parameters = (int) row.chars().filter(c -> c == '?').count();
            if (parameters == 0 || sql.chars().filter(c -> c == '?').count() != parameters) {
                return null;
            }
            return new MultiRowInsert(sql.substring(0, open), row, sql.substring(close + 1), parameters);
        }

        void send(JdbcTemplate jdbc, List<Object[]> rows) {
            int chunk = Math.max(1, Math.min(MAX_ROWS, MAX_PARAMETERS / parameters));
            for (int from = 0; from < rows.size(); from += chunk) {
                List<Object[]> part = rows.subList(from, Math.min(rows.size(), from + chunk));
                if (part.size() == 1) {
                    jdbc.update(head + row + tail, part.get(0));
                    continue;
                }
                StringBuilder sql = new StringBuilder(head.length() + tail.length() + part.size() * (row.length() + 2))
                        .append(head);
                Object[] arguments = new Object[part.size() * parameters];
                for (int i = 0; i < part.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(row);
                    System.arraycopy(part.get(i), 0, arguments, i * parameters, parameters);
                }
                sql.append(tail);
                jdbc.execute("savepoint " + SAVEPOINT);
                try {
                    jdbc.update(sql.toString(), arguments);
                } catch (DataAccessException e) {
                    if (!SAME_KEY_TWICE.equals(sqlState(e))) {
                        throw e;
                    }
                    jdbc.execute("rollback to savepoint " + SAVEPOINT);
                    jdbc.batchUpdate(head + row + tail, new ArrayList<>(part));
                }
                jdbc.execute("release savepoint " + SAVEPOINT);
            }
        }

        private static String sqlState(Throwable e) {
            for (Throwable cause = e; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                    return sql.getSQLState();
                }
            }
            return null;
        }
    }
}
