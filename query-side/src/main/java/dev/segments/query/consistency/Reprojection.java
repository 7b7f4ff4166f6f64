package dev.segments.query.consistency;

import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemType;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.query.Projections;
import dev.segments.query.processing.Projection;
import dev.segments.query.processing.ProjectionWriter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.segments.query.processing.ProjectionTransactions;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Repairs divergent rows by projecting their streams again, through the projections' own handlers: the row is
 * removed first (which also holds off the live processor's writes to it until the repair commits), then every
 * event of its stream is read and handed to the projection in order, in one transaction. A live processor that
 * applies a later event of the same stream afterwards applies it to the repaired row; one that applies an
 * event again changes nothing. When an assignment projection's record of a segment's generation is wrong,
 * the whole segment is projected again for it: the segment's own events, then every assignment of its live
 * generation.
 */
@Component
class Reprojection {

    private final JdbcTemplate jdbc;
    private final ProjectionWriter writer;
    private final EventStore eventStore;
    private final TransactionManager transactions;
    private final Map<String, AnnotationEventHandlerAdapter> projections = new HashMap<>();

    Reprojection(ProjectionWriter writer, EventStore eventStore, ProjectionTransactions transactions,
                 List<Projection> projections) {
        this.jdbc = writer.jdbc();
        this.writer = writer;
        this.eventStore = eventStore;
        this.transactions = transactions.manager();
        projections.forEach(projection -> this.projections.put(AnnotationUtils.findAnnotation(projection.getClass(),
                ProcessingGroup.class).value(), new AnnotationEventHandlerAdapter(projection)));
    }

    /** Repairs the divergences; answers how many it repaired. */
    long repair(List<Divergence> divergences) {
        Set<String> rebuiltSegments = new HashSet<>();
        divergences.stream().filter(divergence -> divergence.key().startsWith("life")).forEach(divergence -> {
            if (rebuiltSegments.add(divergence.projection() + "|" + divergence.tenant() + ":" + divergence.segmentId())) {
                inTransaction(() -> reprojectSegment(divergence.projection(), divergence.tenant(),
                        divergence.segmentId()));
            }
        });
        long repaired = 0;
        for (Divergence divergence : divergences) {
            if (divergence.projection().equals(Projections.AUDIT)) {
                // history and versions of a segment span many streams and lives: only a rebuild mends them
                continue;
            }
            if (divergence.key().startsWith("life")
                    || rebuiltSegments.contains(divergence.projection() + "|" + divergence.tenant() + ":"
                    + divergence.segmentId())) {
                repaired++;
                continue;
            }
            inTransaction(() -> reprojectRow(divergence));
            repaired++;
        }
        return repaired;
    }

    private void reprojectRow(Divergence divergence) {
        String segment = new SegmentIdentity(divergence.tenant(), divergence.segmentId()).aggregateId();
        switch (divergence.projection()) {
            case Projections.SEGMENTS -> {
                jdbc.update("delete from segment_view where tenant = ? and id = ?", divergence.tenant(),
                        divergence.segmentId());
                replay(Projections.SEGMENTS, segment);
            }
            case Projections.CUSTOMER_ASSIGNMENTS -> {
                String[] parts = divergence.key().split(":", -1);
                String legalEntity = parts.length > 2 ? parts[2] : null;
                jdbc.update("delete from customer_assignment_view where tenant = ? and segment_id = ? "
                        + "and customer_id = ? and legal_entity_id = ?", divergence.tenant(), divergence.segmentId(),
                        parts[1], legalEntity == null ? "" : legalEntity);
                liveGeneration(Projections.CUSTOMER_ASSIGNMENTS, divergence).ifPresent(generation -> replay(
                        Projections.CUSTOMER_ASSIGNMENTS, new CustomerAssignmentIdentity(divergence.tenant(),
                                divergence.segmentId(), generation, parts[1], legalEntity).aggregateId()));
            }
            case Projections.ITEM_ASSIGNMENTS -> {
                String[] parts = divergence.key().split(":", 3);
                jdbc.update("delete from item_assignment_view where tenant = ? and segment_id = ? and item_type = ? "
                        + "and item_id = ?", divergence.tenant(), divergence.segmentId(), parts[1], parts[2]);
                liveGeneration(Projections.ITEM_ASSIGNMENTS, divergence).ifPresent(generation -> replay(
                        Projections.ITEM_ASSIGNMENTS, new ItemAssignmentIdentity(divergence.tenant(),
                                divergence.segmentId(), generation, ItemType.valueOf(parts[1]), parts[2]).aggregateId()));
            }
            default -> throw new IllegalArgumentException("No projection " + divergence.projection());
        }
    }

    /** An assignment projection's whole segment: its record of the segment, then every live assignment. */
    private void reprojectSegment(String projection, String tenant, String segmentId) {
        String table = projection.equals(Projections.CUSTOMER_ASSIGNMENTS) ? "customer_assignment_view"
                : "item_assignment_view";
        jdbc.update("delete from " + table + " where tenant = ? and segment_id = ?", tenant, segmentId);
        jdbc.update("delete from projection_segment_life where processor = ? and tenant = ? and segment_id = ?",
                projection, tenant, segmentId);
        replay(projection, new SegmentIdentity(tenant, segmentId).aggregateId());
        writer.flush();
        List<Long> generation = jdbc.queryForList("select generation from projection_segment_life where processor = ? "
                + "and tenant = ? and segment_id = ? and live", Long.class, projection, tenant, segmentId);
        if (!generation.isEmpty()) {
            String aggregateType = projection.equals(Projections.CUSTOMER_ASSIGNMENTS)
                    ? CustomerAssignmentIdentity.AGGREGATE_TYPE : ItemAssignmentIdentity.AGGREGATE_TYPE;
            jdbc.queryForList("select distinct aggregate_identifier from domain_event_entry where type = ? "
                            + "and aggregate_identifier like ?", String.class, aggregateType,
                    tenant + ":" + segmentId + ":" + generation.get(0) + ":%")
                    .forEach(stream -> replay(projection, stream));
        }
    }

    private Optional<Long> liveGeneration(String projection, Divergence divergence) {
        return jdbc.queryForList("select generation from projection_segment_life where processor = ? and tenant = ? "
                        + "and segment_id = ? and live", Long.class, projection, divergence.tenant(),
                divergence.segmentId()).stream().findFirst();
    }

    /** Hands every event of the stream to the projection, in order. */
    private void replay(String projection, String aggregateIdentifier) {
        AnnotationEventHandlerAdapter handlers = projections.get(projection);
        DomainEventStream events = eventStore.readEvents(aggregateIdentifier);
        while (events.hasNext()) {
            DomainEventMessage<?> event = events.next();
            try {
                if (handlers.canHandle(event)) {
                    handlers.handle(event);
                }
            } catch (Exception e) {
                throw new IllegalStateException("Cannot re-project " + aggregateIdentifier + " through " + projection
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private void inTransaction(Runnable repair) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.execute(repair);
    }
}
