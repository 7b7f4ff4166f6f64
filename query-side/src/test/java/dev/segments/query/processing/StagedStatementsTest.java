package dev.segments.query.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Staged statements go in order; with multi-row inserts (a rebuild) a run of one insert becomes statements of many
 * rows with the same arguments in the same order, and a chunk whose upsert meets one key twice goes row by row.
 */
class StagedStatementsTest {

    private static final String UPSERT = """
            insert into t (a, b, c)
            values (?, cast(? as jsonb), coalesce(?, 0))
            on conflict (a) do update set b = excluded.b, c = excluded.c""";

    @Test
    void takesApartASingleRowInsert() {
        StagedStatements.MultiRowInsert insert = StagedStatements.MultiRowInsert.of(UPSERT);
        assertThat(insert).isNotNull();
        assertThat(insert.row()).isEqualTo("(?, cast(? as jsonb), coalesce(?, 0))");
        assertThat(insert.parameters()).isEqualTo(3);
        assertThat(insert.head() + insert.row() + insert.tail()).isEqualTo(UPSERT);
        assertThat(StagedStatements.MultiRowInsert.of("update t set b = ? where a = ?")).isNull();
        assertThat(StagedStatements.MultiRowInsert.of("insert into t select * from u where a = ?")).isNull();
        assertThat(StagedStatements.MultiRowInsert.of("insert into t (a) values (?), (?)")).isNull();
        assertThat(StagedStatements.MultiRowInsert.of("insert into t (a) values (?) returning a")).isNull();
        assertThat(StagedStatements.MultiRowInsert.of("insert into t (a, b) values (?, 'x')")).isNull();
        assertThat(StagedStatements.MultiRowInsert.of("insert into t (a) values (?) on conflict (a) do update "
                + "set b = ?")).isNull();
    }

    @Test
    void sendsARunOfOneInsertAsOneMultiRowStatementInOrder() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        StagedStatements staged = new StagedStatements();
        staged.multiRowInserts();
        staged.add(UPSERT, "k1", "{}", 1);
        staged.add(UPSERT, "k2", null, 2);
        staged.add("delete from t where a = ?", "k1");
        staged.add(UPSERT, "k3", "{}", 3);
        staged.flush(jdbc);

        InOrder order = inOrder(jdbc);
        order.verify(jdbc).execute("savepoint staged_rows");
        order.verify(jdbc).update(eq(UPSERT.replace("coalesce(?, 0))", "coalesce(?, 0)), (?, cast(? as jsonb), "
                + "coalesce(?, 0))")), eq(new Object[] {"k1", "{}", 1, "k2", null, 2}));
        order.verify(jdbc).execute("release savepoint staged_rows");
        order.verify(jdbc).update("delete from t where a = ?", "k1");
        order.verify(jdbc).update(UPSERT, "k3", "{}", 3);
        order.verifyNoMoreInteractions();
    }

    @Test
    void sendsAChunkThatMeetsOneKeyTwiceRowByRow() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.update(anyString(), any(Object[].class))).thenThrow(new UncategorizedSQLException("upsert", UPSERT,
                new SQLException("ON CONFLICT DO UPDATE command cannot affect row a second time", "21000")));
        StagedStatements staged = new StagedStatements();
        staged.multiRowInserts();
        staged.add(UPSERT, "k1", "{}", 1);
        staged.add(UPSERT, "k1", "{}", 2);
        staged.flush(jdbc);

        InOrder order = inOrder(jdbc);
        order.verify(jdbc).execute("savepoint staged_rows");
        order.verify(jdbc).update(anyString(), any(Object[].class));
        order.verify(jdbc).execute("rollback to savepoint staged_rows");
        order.verify(jdbc).batchUpdate(eq(UPSERT), anyList());
        order.verify(jdbc).execute("release savepoint staged_rows");
        order.verifyNoMoreInteractions();
    }

    @Test
    void otherFailuresOfAMultiRowInsertFailTheBatch() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        when(jdbc.update(anyString(), any(Object[].class))).thenThrow(new DuplicateKeyException("duplicate"));
        StagedStatements staged = new StagedStatements();
        staged.multiRowInserts();
        staged.add(UPSERT, "k1", "{}", 1);
        staged.add(UPSERT, "k2", "{}", 2);
        assertThatThrownBy(() -> staged.flush(jdbc))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void withoutMultiRowInsertsARunIsOneJdbcBatch() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        StagedStatements staged = new StagedStatements();
        staged.add(UPSERT, "k1", "{}", 1);
        staged.add(UPSERT, "k2", "{}", 2);
        staged.flush(jdbc);

        InOrder order = inOrder(jdbc);
        order.verify(jdbc).batchUpdate(eq(UPSERT), argThat((List<Object[]> rows) -> rows.size() == 2
                && Arrays.equals(rows.get(0), new Object[] {"k1", "{}", 1})
                && Arrays.equals(rows.get(1), new Object[] {"k2", "{}", 2})));
        order.verifyNoMoreInteractions();
    }
}
