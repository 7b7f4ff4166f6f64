package dev.segments.bench.scenarios;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The raw baselines' rows of the service's event store (domain_event_entry), in the shape the service writes
 * them (copied from rows the API wrote): a new global index from the sequence, sequence number 0, the payload
 * JSON and the ~96-byte metadata JSON as bytea.
 */
final class EventRows {

    private EventRows() {
    }

    /** The insert of one event of an aggregate of {@code aggregateType} with a payload of {@code payloadType}. */
    static PreparedStatement prepareInsert(Connection c, String aggregateType, String payloadType) throws SQLException {
        return c.prepareStatement("insert into domain_event_entry (global_index, event_identifier, "
                + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, "
                + "meta_data) values (nextval('domain_event_entry_seq'), ?, ?, 0, '" + aggregateType + "', ?, '"
                + payloadType + "', null, ?, ?)");
    }

    /** Binds one event of {@link #prepareInsert}, stored at {@code now}. */
    static void bind(PreparedStatement event, String tenant, String aggregateId, Instant now, String payloadJson)
            throws SQLException {
        event.setString(1, UUID.randomUUID().toString());
        event.setString(2, aggregateId);
        event.setString(3, now.truncatedTo(ChronoUnit.MILLIS).toString());
        event.setBytes(4, payloadJson.getBytes(StandardCharsets.UTF_8));
        event.setBytes(5, ("{\"caller\":\"local-client\",\"correlationId\":\"" + UUID.randomUUID()
                + "\",\"tenant\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
