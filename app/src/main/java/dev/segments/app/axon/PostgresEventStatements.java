package dev.segments.app.axon;

import dev.segments.query.Projections;
import dev.segments.query.publisher.EventPublishing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * How tracking processors read the event store on PostgreSQL, replacing two of Axon's statements.
 *
 * <p><b>Never past an open transaction.</b> The global index comes from a sequence when an event is inserted,
 * but becomes visible only when its transaction commits; a reader that meets a missing index keeps it as a
 * gap only for a while (Axon's {@code gapTimeout} and {@code maxGapOffset}) and then gives it up for good. So
 * each statement reads only events whose transaction ({@code tx_id}, recorded at append) is older than the
 * oldest transaction of this database still in progress. A reader then sees only transactions that finished
 * before every open one began writing, and can get ahead of an open transaction's index by no more than what
 * those already finished transactions appended: the open transaction's gap stays near the head, however fast
 * others write, instead of falling {@code maxGapOffset} behind. The price: while a transaction is open, events
 * of younger transactions wait for it (bounded, because command transactions are bounded by
 * {@code lock_timeout}, {@code statement_timeout} and {@code idle_in_transaction_session_timeout}).
 * Transaction ids are shared by every database of the cluster; only transactions of sessions in this
 * database count, so a long transaction elsewhere on the same server holds nothing back. Nor do the Kafka
 * publisher's sessions (application name {@value EventPublishing#APPLICATION_NAME}): they never append events,
 * and a publisher batch stays open until Kafka acknowledges it. Nor do the projections' transactions
 * ({@value Projections#APPLICATION_NAME}, set for the transaction only): they write read models, never events,
 * and with them counted every processor's batch held back every other processor.
 *
 * <p><b>Gaps as index reads.</b> A token with gaps asks for "the next batch OR these gaps". Written as one
 * {@code OR}, the planner may scan the whole table; as two index range reads glued by {@code UNION ALL} it
 * never does, and one array parameter keeps a single statement shape whatever the number of gaps. The two
 * parts cannot overlap: every gap lies at or below the token's index. A gap is filled by any committed event
 * found there, whatever its transaction.
 */
final class PostgresEventStatements {

    /**
     * The oldest in-progress transaction of a session of this database, else the first transaction id not yet
     * assigned (everything committed before the statement's snapshot counts). Evaluated once per statement.
     */
    static final String OLDEST_OPEN_TRANSACTION = "(select coalesce(min(x), pg_snapshot_xmax(pg_current_snapshot())) "
            + "from pg_snapshot_xip(pg_current_snapshot()) as x where xid(x) in (select backend_xid "
            + "from pg_stat_activity where datname = current_database() and backend_xid is not null "
            + "and application_name not in ('" + EventPublishing.APPLICATION_NAME + "', '" + Projections.APPLICATION_NAME
            + "')))";

    private PostgresEventStatements() {
    }

    static PreparedStatement readEventDataWithoutGaps(Connection connection, EventSchema schema, long globalIndex,
                                                      int batchSize) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(nextBatch(schema) + " ORDER BY "
                + schema.globalIndexColumn());
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        return statement;
    }

    static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex,
                                                   int batchSize, List<Long> gaps) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(nextBatch(schema) + " UNION ALL "
                + select(schema) + schema.globalIndexColumn() + " = ANY (?) ORDER BY " + schema.globalIndexColumn());
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        statement.setArray(3, connection.createArrayOf("bigint", gaps.toArray()));
        return statement;
    }

    private static String nextBatch(EventSchema schema) {
        return select(schema) + schema.globalIndexColumn() + " > ? AND " + schema.globalIndexColumn() + " <= ? AND "
                + "tx_id < " + OLDEST_OPEN_TRANSACTION;
    }

    private static String select(EventSchema schema) {
        return "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
    }
}
