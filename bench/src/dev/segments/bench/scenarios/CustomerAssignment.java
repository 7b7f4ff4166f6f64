package dev.segments.bench.scenarios;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** One customer assignment as a bulk entry, a stored event, a view row and a registry key. */
record CustomerAssignment(String customerId, String legalEntityId, String mixinsJson) {

    static final String ASSIGNED_EVENT = "dev.segments.events.assignment.CustomerAssignedEvent";

    /** Every 4th entry B2B, every 2nd with mixins. */
    static CustomerAssignment of(String customerId, long n) {
        return new CustomerAssignment(customerId, n % 4 == 3 ? "le-" + (n % 50) : null,
                n % 2 == 0 ? "{\"source\":\"crm\",\"score\":" + (n % 100) + "}" : null);
    }

    /** A bulk request body of {@code size} new assignments, customers {@code prefix + k} for the next k of {@code n}. */
    static String bulkBody(String prefix, long[] n, int size) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            long k = n[0]++;
            body.append(i == 0 ? "" : ",").append(of(prefix + k, k).apiJson());
        }
        return body.append(']').toString();
    }

    String apiJson() {
        return "{\"customerId\":\"" + customerId + "\""
                + (legalEntityId == null ? "" : ",\"legalEntityId\":\"" + legalEntityId + "\"")
                + (mixinsJson == null ? "" : ",\"mixins\":" + mixinsJson) + "}";
    }

    String key() {
        return "customer:" + customerId + (legalEntityId == null ? "" : ":" + legalEntityId);
    }

    /** The CustomerAssignedEvent payload as the service stores it (copied from rows the API wrote). */
    String eventJson(String tenant, String segmentId, Instant at) {
        return "{\"tenant\":\"" + tenant + "\",\"segmentId\":\"" + segmentId + "\",\"generation\":1,"
                + "\"customerId\":\"" + customerId + "\",\"legalEntityId\":"
                + (legalEntityId == null ? "null" : "\"" + legalEntityId + "\"") + ",\"mixins\":" + mixinsJson
                + ",\"metadataMixins\":null,\"version\":1,\"assignedAt\":\"" + at + "\"}";
    }

    /** Raw JDBC writer of assignments: per assignment one event row, one view row, one registry row. */
    static final class RawWriter {
        private final Connection c;
        private final String tenant;
        private final PreparedStatement event;
        private final PreparedStatement view;
        private final PreparedStatement registry;

        /** Takes {@code c} out of autocommit: the caller commits ({@link #commit()}, {@link #commitBatch()}). */
        RawWriter(Connection c, String tenant) throws SQLException {
            this.c = c;
            this.tenant = tenant;
            c.setAutoCommit(false);
            event = EventRows.prepareInsert(c, "CustomerAssignment", ASSIGNED_EVENT);
            view = c.prepareStatement("insert into customer_assignment_view (tenant, segment_id, customer_id, "
                    + "legal_entity_id, assignment_type, mixins, metadata_mixins, version, created_at, modified_at) "
                    + "values (?, ?, ?, ?, 'MANUAL', ?::jsonb, null, 1, ?, ?)");
            registry = c.prepareStatement("insert into segment_assignment_registry (tenant, segment_id, generation, "
                    + "assignment_key) values (?, ?, 1, ?)");
        }

        /** Writes the three rows of {@code a} now, or adds them to the batch. */
        void add(String segmentId, CustomerAssignment a, boolean batch) throws SQLException {
            Instant now = Instant.now();
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            EventRows.bind(event, tenant, tenant + ":" + segmentId + ":1:" + a.key(), now,
                    a.eventJson(tenant, segmentId, now));
            view.setString(1, tenant);
            view.setString(2, segmentId);
            view.setString(3, a.customerId);
            view.setString(4, a.legalEntityId == null ? "" : a.legalEntityId);
            view.setString(5, a.mixinsJson);
            view.setObject(6, at);
            view.setObject(7, at);
            registry.setString(1, tenant);
            registry.setString(2, segmentId);
            registry.setString(3, a.key());
            if (batch) {
                event.addBatch();
                view.addBatch();
                registry.addBatch();
            } else {
                event.executeUpdate();
                view.executeUpdate();
                registry.executeUpdate();
            }
        }

        void commit() throws SQLException {
            c.commit();
        }

        /** Executes the batched rows (events, then view rows, then registry rows) and commits. */
        void commitBatch() throws SQLException {
            event.executeBatch();
            view.executeBatch();
            registry.executeBatch();
            c.commit();
        }
    }
}
