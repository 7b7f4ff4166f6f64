package dev.segments.query.audit;

import static dev.segments.query.processing.ProjectionWriter.json;
import static dev.segments.query.processing.ProjectionWriter.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.segments.events.AuditMetadata;
import dev.segments.events.audit.HistoryChange;
import dev.segments.events.audit.HistoryResource;
import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.integration.IntegrationEventType;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.segment.SegmentActivatedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeactivatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentDetails;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.query.Projections;
import dev.segments.query.processing.BatchIsolation;
import dev.segments.query.processing.Projection;
import dev.segments.query.processing.ProjectionWriter;
import dev.segments.query.processing.SegmentLives;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.stereotype.Component;

/**
 * Keeps the audit trail of every segment: one {@code segment_history} row per event that concerns it (its own, its
 * assignments', its activations), with caller and correlation id from the event's metadata and, for updates, the
 * changed fields; and every version of the segment and of its customer and item assignments with the interval in
 * which it was current ({@code segment_version}, {@code customer_assignment_version},
 * {@code item_assignment_version}), so a point-in-time read is one indexed lookup instead of a replay of the
 * store. Intervals run by the events' own times (the times the API shows as {@code createdAt}/{@code modifiedAt});
 * two changes at the same instant are ordered by their global index, and the later one is the state at that
 * instant. A deletion closes the segment's version and all its assignments' versions; nothing is ever removed but
 * by a rebuild. Assignment events of a generation other than the segment's live one are recorded in the history
 * but open no version (as the current-state projections ignore them).
 */
@Component
@ProcessingGroup(Projections.AUDIT)
class SegmentAuditProjection extends Projection {

    private static final String HISTORY = """
            insert into segment_history (tenant, segment_id, global_index, generation, event_id, type, occurred_at,
                caller, correlation_id, resource, changes)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))
            on conflict (tenant, segment_id, global_index) do nothing""";
    private static final String SEGMENT_VERSION = """
            insert into segment_version (tenant, id, generation, from_index, valid_from, name, description, status,
                site_code, validity_from, validity_to, mixins, metadata_mixins, version, created_at, modified_at)
            values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?, ?, cast(? as jsonb),
                cast(? as jsonb), ?, ?, ?)
            on conflict (tenant, id, from_index) do nothing""";
    private static final String CLOSE_SEGMENT = """
            update segment_version set valid_to = ?, to_index = ?
            where tenant = ? and id = ? and to_index is null and from_index < ?""";
    private static final String CUSTOMER_VERSION = """
            insert into customer_assignment_version (tenant, segment_id, customer_id, legal_entity_id, generation,
                from_index, valid_from, assignment_type, mixins, metadata_mixins, version, created_at, modified_at)
            values (?, ?, ?, ?, ?, ?, ?, 'MANUAL', cast(? as jsonb), cast(? as jsonb), ?, ?, ?)
            on conflict (tenant, segment_id, customer_id, legal_entity_id, from_index) do nothing""";
    private static final String CLOSE_CUSTOMER = """
            update customer_assignment_version set valid_to = ?, to_index = ?
            where tenant = ? and segment_id = ? and customer_id = ? and legal_entity_id = ? and to_index is null
                and from_index < ?""";
    private static final String ITEM_VERSION = """
            insert into item_assignment_version (tenant, segment_id, item_type, item_id, generation, from_index,
                valid_from, mixins, metadata_mixins, version, created_at, modified_at)
            values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)
            on conflict (tenant, segment_id, item_type, item_id, from_index) do nothing""";
    private static final String CLOSE_ITEM = """
            update item_assignment_version set valid_to = ?, to_index = ?
            where tenant = ? and segment_id = ? and item_type = ? and item_id = ? and to_index is null
                and from_index < ?""";
    private static final String NO_LEGAL_ENTITY = "";

    private final SegmentLives lives;

    SegmentAuditProjection(ProjectionWriter writer, SegmentLives lives, BatchIsolation isolation) {
        super(writer, isolation, "segment_history", "segment_version", "customer_assignment_version",
                "item_assignment_version");
        this.lives = lives;
    }

    /** What an update is compared with: the current version's fields and when the resource was created. */
    private record Current(JsonNode fields, Instant createdAt) {
    }

    @EventHandler
    void on(SegmentCreatedEvent event, EventMessage<?> message) {
        lives.created(Projections.AUDIT, event.tenant(), event.segmentId());
        long generation = generation(event.tenant(), event.segmentId());
        long index = index(message);
        history(message, event.tenant(), event.segmentId(), index, generation, IntegrationEventType.SEGMENT_CREATED,
                event.createdAt(), segment(event.segmentId(), null), null);
        writeSegmentVersion(event.tenant(), event.segmentId(), generation, index, event.details(), event.version(),
                event.createdAt(), event.createdAt());
    }

    @EventHandler
    void on(SegmentUpdatedEvent event, EventMessage<?> message) {
        long generation = generation(event.tenant(), event.segmentId());
        long index = index(message);
        Optional<Current> before = currentSegment(event.tenant(), event.segmentId());
        JsonNode after = AuditChanges.segment(event.details());
        history(message, event.tenant(), event.segmentId(), index, generation, IntegrationEventType.SEGMENT_UPDATED,
                event.modifiedAt(), segment(event.segmentId(), null),
                AuditChanges.between(before.map(Current::fields).orElse(null), after));
        writer.write(CLOSE_SEGMENT, timestamp(event.modifiedAt()), index, event.tenant(), event.segmentId(), index);
        writeSegmentVersion(event.tenant(), event.segmentId(), generation, index, event.details(), event.version(),
                before.map(Current::createdAt).orElse(event.modifiedAt()), event.modifiedAt());
    }

    @EventHandler
    void on(SegmentDeletedEvent event, EventMessage<?> message) {
        long generation = generation(event.tenant(), event.segmentId());
        long index = index(message);
        history(message, event.tenant(), event.segmentId(), index, generation, IntegrationEventType.SEGMENT_DELETED,
                event.deletedAt(), segment(event.segmentId(), event.forced()), null);
        lives.deleted(Projections.AUDIT, event.tenant(), event.segmentId());
        writer.write(CLOSE_SEGMENT, timestamp(event.deletedAt()), index, event.tenant(), event.segmentId(), index);
        forget(SEGMENTS, key(event.tenant(), event.segmentId()));
        writer.write("update customer_assignment_version set valid_to = ?, to_index = ? "
                        + "where tenant = ? and segment_id = ? and to_index is null and from_index < ?",
                timestamp(event.deletedAt()), index, event.tenant(), event.segmentId(), index);
        writer.write("update item_assignment_version set valid_to = ?, to_index = ? "
                        + "where tenant = ? and segment_id = ? and to_index is null and from_index < ?",
                timestamp(event.deletedAt()), index, event.tenant(), event.segmentId(), index);
    }

    @EventHandler
    void on(SegmentActivatedEvent event, EventMessage<?> message) {
        history(message, event.tenant(), event.segmentId(), index(message),
                generation(event.tenant(), event.segmentId()), IntegrationEventType.SEGMENT_ACTIVATED,
                event.activatedAt(), segment(event.segmentId(), null), null);
    }

    @EventHandler
    void on(SegmentDeactivatedEvent event, EventMessage<?> message) {
        history(message, event.tenant(), event.segmentId(), index(message),
                generation(event.tenant(), event.segmentId()), IntegrationEventType.SEGMENT_DEACTIVATED,
                event.deactivatedAt(), segment(event.segmentId(), null), null);
    }

    @EventHandler
    void on(CustomerAssignedEvent event, EventMessage<?> message) {
        long index = index(message);
        String legalEntity = legalEntity(event.legalEntityId());
        history(message, event.tenant(), event.segmentId(), index, event.generation(),
                IntegrationEventType.CUSTOMER_ASSIGNMENT_CREATED, event.assignedAt(),
                customer(event.segmentId(), event.customerId(), event.legalEntityId()), null);
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(CUSTOMER_VERSION, event.tenant(), event.segmentId(), event.customerId(), legalEntity,
                    event.generation(), index, timestamp(event.assignedAt()), json(event.mixins()),
                    json(event.metadataMixins()), event.version(), timestamp(event.assignedAt()),
                    timestamp(event.assignedAt()));
            remember(ASSIGNMENTS, customerKey(event.tenant(), event.segmentId(), event.generation(),
                    event.customerId(), legalEntity), new Current(AuditChanges.assignment(event.mixins(),
                    event.metadataMixins()), event.assignedAt()));
        }
    }

    @EventHandler
    void on(CustomerAssignmentUpdatedEvent event, EventMessage<?> message) {
        long index = index(message);
        String legalEntity = legalEntity(event.legalEntityId());
        String key = customerKey(event.tenant(), event.segmentId(), event.generation(), event.customerId(),
                legalEntity);
        Optional<Current> before = current(ASSIGNMENTS, key, "select mixins, metadata_mixins, created_at "
                        + "from customer_assignment_version where tenant = ? and segment_id = ? and customer_id = ? "
                        + "and legal_entity_id = ? and to_index is null", SegmentAuditProjection::assignmentRow,
                event.tenant(), event.segmentId(), event.customerId(), legalEntity);
        JsonNode after = AuditChanges.assignment(event.mixins(), event.metadataMixins());
        history(message, event.tenant(), event.segmentId(), index, event.generation(),
                IntegrationEventType.CUSTOMER_ASSIGNMENT_UPDATED, event.modifiedAt(),
                customer(event.segmentId(), event.customerId(), event.legalEntityId()),
                AuditChanges.between(before.map(Current::fields).orElse(null), after));
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(CLOSE_CUSTOMER, timestamp(event.modifiedAt()), index, event.tenant(), event.segmentId(),
                    event.customerId(), legalEntity, index);
            Instant createdAt = before.map(Current::createdAt).orElse(event.modifiedAt());
            writer.write(CUSTOMER_VERSION, event.tenant(), event.segmentId(), event.customerId(), legalEntity,
                    event.generation(), index, timestamp(event.modifiedAt()), json(event.mixins()),
                    json(event.metadataMixins()), event.version(), timestamp(createdAt),
                    timestamp(event.modifiedAt()));
            remember(ASSIGNMENTS, key, new Current(after, createdAt));
        }
    }

    @EventHandler
    void on(CustomerUnassignedEvent event, EventMessage<?> message) {
        long index = index(message);
        String legalEntity = legalEntity(event.legalEntityId());
        history(message, event.tenant(), event.segmentId(), index, event.generation(),
                IntegrationEventType.CUSTOMER_ASSIGNMENT_DELETED, event.unassignedAt(),
                customer(event.segmentId(), event.customerId(), event.legalEntityId()), null);
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(CLOSE_CUSTOMER, timestamp(event.unassignedAt()), index, event.tenant(), event.segmentId(),
                    event.customerId(), legalEntity, index);
            forget(ASSIGNMENTS, customerKey(event.tenant(), event.segmentId(),
                    event.generation(), event.customerId(), legalEntity));
        }
    }

    @EventHandler
    void on(ItemAssignedEvent event, EventMessage<?> message) {
        long index = index(message);
        history(message, event.tenant(), event.segmentId(), index, event.generation(),
                IntegrationEventType.ITEM_ASSIGNMENT_CREATED, event.assignedAt(),
                item(event.segmentId(), event.type().name(), event.itemId()), null);
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(ITEM_VERSION, event.tenant(), event.segmentId(), event.type().name(), event.itemId(),
                    event.generation(), index, timestamp(event.assignedAt()), json(event.mixins()),
                    json(event.metadataMixins()), event.version(), timestamp(event.assignedAt()),
                    timestamp(event.assignedAt()));
            remember(ASSIGNMENTS, itemKey(event.tenant(), event.segmentId(), event.generation(), event.type().name(),
                    event.itemId()), new Current(AuditChanges.assignment(event.mixins(), event.metadataMixins()),
                    event.assignedAt()));
        }
    }

    @EventHandler
    void on(ItemAssignmentUpdatedEvent event, EventMessage<?> message) {
        long index = index(message);
        String type = event.type().name();
        String key = itemKey(event.tenant(), event.segmentId(), event.generation(), type, event.itemId());
        Optional<Current> before = current(ASSIGNMENTS, key, "select mixins, metadata_mixins, created_at "
                        + "from item_assignment_version where tenant = ? and segment_id = ? and item_type = ? "
                        + "and item_id = ? and to_index is null", SegmentAuditProjection::assignmentRow,
                event.tenant(), event.segmentId(), type, event.itemId());
        JsonNode after = AuditChanges.assignment(event.mixins(), event.metadataMixins());
        history(message, event.tenant(), event.segmentId(), index, event.generation(),
                IntegrationEventType.ITEM_ASSIGNMENT_UPDATED, event.modifiedAt(),
                item(event.segmentId(), type, event.itemId()),
                AuditChanges.between(before.map(Current::fields).orElse(null), after));
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(CLOSE_ITEM, timestamp(event.modifiedAt()), index, event.tenant(), event.segmentId(), type,
                    event.itemId(), index);
            Instant createdAt = before.map(Current::createdAt).orElse(event.modifiedAt());
            writer.write(ITEM_VERSION, event.tenant(), event.segmentId(), type, event.itemId(), event.generation(),
                    index, timestamp(event.modifiedAt()), json(event.mixins()), json(event.metadataMixins()),
                    event.version(), timestamp(createdAt), timestamp(event.modifiedAt()));
            remember(ASSIGNMENTS, key, new Current(after, createdAt));
        }
    }

    @EventHandler
    void on(ItemUnassignedEvent event, EventMessage<?> message) {
        long index = index(message);
        String type = event.type().name();
        history(message, event.tenant(), event.segmentId(), index, event.generation(),
                IntegrationEventType.ITEM_ASSIGNMENT_DELETED, event.unassignedAt(),
                item(event.segmentId(), type, event.itemId()), null);
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(CLOSE_ITEM, timestamp(event.unassignedAt()), index, event.tenant(), event.segmentId(), type,
                    event.itemId(), index);
            forget(ASSIGNMENTS, itemKey(event.tenant(), event.segmentId(),
                    event.generation(), type, event.itemId()));
        }
    }

    @Override
    public List<String> processorTables() {
        return List.of(SegmentLives.TABLE);
    }

    @Override
    protected void forgetState() {
        lives.forget(Projections.AUDIT);
    }

    private static final String SEGMENTS = SegmentAuditProjection.class.getName() + ".segments";
    private static final String ASSIGNMENTS = SegmentAuditProjection.class.getName() + ".assignments";

    private void writeSegmentVersion(String tenant, String segmentId, long generation, long index,
                                     SegmentDetails details, long version, Instant createdAt, Instant at) {
        writer.write(SEGMENT_VERSION, tenant, segmentId, generation, index, timestamp(at), json(details.name()),
                json(details.description()), details.status().name(), details.siteCode(),
                timestamp(details.validity() == null ? null : details.validity().from()),
                timestamp(details.validity() == null ? null : details.validity().to()), json(details.mixins()),
                json(details.metadataMixins()), version, timestamp(createdAt), timestamp(at));
        remember(SEGMENTS, key(tenant, segmentId), new Current(AuditChanges.segment(details), createdAt));
    }

    private Optional<Current> currentSegment(String tenant, String segmentId) {
        return current(SEGMENTS, key(tenant, segmentId), "select name, description, status, site_code, validity_from, "
                + "validity_to, mixins, metadata_mixins, created_at from segment_version where tenant = ? and id = ? "
                + "and to_index is null", SegmentAuditProjection::segmentRow, tenant, segmentId);
    }

    /**
     * The current version of a resource: as this batch left it (its rows are only written when the batch commits),
     * else as the table holds it.
     */
    private Optional<Current> current(String cache, String key, String sql,
                                      org.springframework.jdbc.core.RowMapper<Current> mapper, Object... arguments) {
        Map<String, Optional<Current>> known = writer.cache(cache);
        return known.computeIfAbsent(key, missing -> writer.jdbc().query(sql, mapper, arguments).stream().findFirst());
    }

    private void remember(String cache, String key, Current current) {
        writer.<String, Optional<Current>>cache(cache).put(key, Optional.of(current));
    }

    /** The resource has no current version any more (its closing is staged, not yet written). */
    private void forget(String cache, String key) {
        writer.<String, Optional<Current>>cache(cache).put(key, Optional.empty());
    }

    private static Current segmentRow(ResultSet rs, int row) throws SQLException {
        Map<String, Object> validity = new LinkedHashMap<>();
        AuditChanges.putInstant(validity, "from", instant(rs, "validity_from"));
        AuditChanges.putInstant(validity, "to", instant(rs, "validity_to"));
        return new Current(AuditChanges.segment(tree(rs, "name"), tree(rs, "description"),
                validity.isEmpty() ? null : validity, rs.getString("status"), rs.getString("site_code"),
                tree(rs, "mixins"), tree(rs, "metadata_mixins")), instant(rs, "created_at"));
    }

    private static Current assignmentRow(ResultSet rs, int row) throws SQLException {
        return new Current(AuditChanges.assignment(tree(rs, "mixins"), tree(rs, "metadata_mixins")),
                instant(rs, "created_at"));
    }

    private static JsonNode tree(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        try {
            return value == null ? null : AuditChanges.MAPPER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new SQLException("Column " + column + " holds invalid JSON", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private void history(EventMessage<?> message, String tenant, String segmentId, long index, long generation,
                         IntegrationEventType type, Instant at, HistoryResource resource,
                         List<HistoryChange> changes) {
        writer.write(HISTORY, tenant, segmentId, index, generation, message.getIdentifier(), type.type(),
                timestamp(at), metaData(message, AuditMetadata.CALLER), metaData(message, AuditMetadata.CORRELATION_ID),
                json(resource), changes == null ? null : json(changes));
    }

    private static String metaData(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    /**
     * The event's global index in the store: from the processor's token, or (an event handed over outside of a
     * tracking processor, as a repair does) looked up by its identifier.
     */
    private long index(EventMessage<?> message) {
        if (message instanceof TrackedEventMessage<?> tracked && tracked.trackingToken() != null
                && tracked.trackingToken().position().isPresent()) {
            return tracked.trackingToken().position().getAsLong();
        }
        return writer.jdbc().queryForObject("select global_index from domain_event_entry where event_identifier = ?",
                Long.class, message.getIdentifier());
    }

    private long generation(String tenant, String segmentId) {
        return lives.generation(Projections.AUDIT, tenant, segmentId);
    }

    private boolean live(String tenant, String segmentId, long generation) {
        return lives.isLive(Projections.AUDIT, tenant, segmentId, generation);
    }

    private static HistoryResource segment(String segmentId, Boolean forced) {
        return new HistoryResource(segmentId, null, null, null, null, forced);
    }

    private static HistoryResource customer(String segmentId, String customerId, String legalEntityId) {
        return new HistoryResource(segmentId, customerId, legalEntityId, null, null, null);
    }

    private static HistoryResource item(String segmentId, String type, String itemId) {
        return new HistoryResource(segmentId, null, null, type, itemId, null);
    }

    private static String legalEntity(String legalEntityId) {
        return legalEntityId == null ? NO_LEGAL_ENTITY : legalEntityId;
    }

    private static String key(String tenant, String segmentId) {
        return tenant + ":" + segmentId;
    }

    private static String customerKey(String tenant, String segmentId, long generation, String customerId,
                                      String legalEntityId) {
        return tenant + ":" + segmentId + ":" + generation + ":customer:" + customerId + ":" + legalEntityId;
    }

    private static String itemKey(String tenant, String segmentId, long generation, String type, String itemId) {
        return tenant + ":" + segmentId + ":" + generation + ":item:" + type + ":" + itemId;
    }
}
