package dev.segments.app.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;

/**
 * The event store statement that Axon's default gets wrong for PostgreSQL at scale. A tracking processor
 * whose token has gaps (events whose transactions had not committed when it last read; under concurrent
 * writes that is most of the time) asks for "the next batch OR these gaps". Written as one {@code OR}, the
 * planner may scan the whole table; as two index range reads glued by {@code UNION ALL} it never does, and
 * one array parameter keeps a single statement shape whatever the number of gaps. The two parts cannot
 * overlap: every gap lies at or below the token's index.
 */
final class PostgresEventStatements {

    private PostgresEventStatements() {
    }

    static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex,
                                                   int batchSize, List<Long> gaps) throws SQLException {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        PreparedStatement statement = connection.prepareStatement(select + schema.globalIndexColumn() + " > ? AND "
                + schema.globalIndexColumn() + " <= ? UNION ALL " + select + schema.globalIndexColumn()
                + " = ANY (?) ORDER BY " + schema.globalIndexColumn());
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        statement.setArray(3, connection.createArrayOf("bigint", gaps.toArray()));
        return statement;
    }
}
