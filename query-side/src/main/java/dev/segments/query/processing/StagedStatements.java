package dev.segments.query.processing;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SQL statements collected during a batch and sent when it commits: consecutive runs of one statement as one JDBC
 * batch, so a batch of events costs a few round trips instead of one per row.
 */
public final class StagedStatements {

    private record Statement(String sql, Object[] arguments) {
    }

    private final List<Statement> statements = new ArrayList<>();

    public void add(String sql, Object... arguments) {
        statements.add(new Statement(sql, arguments));
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
            if (rows.size() == 1) {
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
}
