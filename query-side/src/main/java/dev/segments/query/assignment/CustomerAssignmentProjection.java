package dev.segments.query.assignment;

import static dev.segments.query.processing.ProjectionWriter.json;
import static dev.segments.query.processing.ProjectionWriter.timestamp;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.query.processing.Projection;
import dev.segments.query.processing.ProjectionWriter;
import dev.segments.query.Projections;
import dev.segments.query.processing.SegmentLives;
import dev.segments.query.processing.BatchIsolation;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * Maintains {@code customer_assignment_view}. A deleted segment takes its assignments with it (a delete
 * without force only happens when there are none), and events of any other than the segment's live generation
 * are ignored, so a segment created again starts empty. B2C rows have an empty legal entity id, so that the
 * primary key stays total.
 */
@Component
@ProcessingGroup(Projections.CUSTOMER_ASSIGNMENTS)
class CustomerAssignmentProjection extends Projection {

    static final String MANUAL = "MANUAL";
    static final String NO_LEGAL_ENTITY = "";

    private static final String ASSIGN = """
            insert into customer_assignment_view (tenant, segment_id, customer_id, legal_entity_id, assignment_type,
                mixins, metadata_mixins, version, created_at, modified_at)
            values (?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)
            on conflict (tenant, segment_id, customer_id, legal_entity_id) do update set
                assignment_type = excluded.assignment_type, mixins = excluded.mixins,
                metadata_mixins = excluded.metadata_mixins, version = excluded.version,
                created_at = excluded.created_at, modified_at = excluded.modified_at""";
    private static final String UPDATE = """
            update customer_assignment_view set mixins = cast(? as jsonb), metadata_mixins = cast(? as jsonb),
                version = ?, modified_at = ?
            where tenant = ? and segment_id = ? and customer_id = ? and legal_entity_id = ?""";

    private final SegmentLives lives;

    CustomerAssignmentProjection(ProjectionWriter writer, SegmentLives lives, BatchIsolation isolation) {
        super(writer, isolation, "customer_assignment_view");
        this.lives = lives;
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        lives.created(Projections.CUSTOMER_ASSIGNMENTS, event.tenant(), event.segmentId());
    }

    @EventHandler
    void on(CustomerAssignedEvent event) {
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(ASSIGN, event.tenant(), event.segmentId(), event.customerId(),
                    legalEntity(event.legalEntityId()), MANUAL, json(event.mixins()), json(event.metadataMixins()),
                    event.version(), timestamp(event.assignedAt()), timestamp(event.assignedAt()));
        }
    }

    @EventHandler
    void on(CustomerAssignmentUpdatedEvent event) {
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(UPDATE, json(event.mixins()), json(event.metadataMixins()), event.version(),
                    timestamp(event.modifiedAt()), event.tenant(), event.segmentId(), event.customerId(),
                    legalEntity(event.legalEntityId()));
        }
    }

    @EventHandler
    void on(CustomerUnassignedEvent event) {
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write("delete from customer_assignment_view where tenant = ? and segment_id = ? "
                    + "and customer_id = ? and legal_entity_id = ?", event.tenant(), event.segmentId(),
                    event.customerId(), legalEntity(event.legalEntityId()));
        }
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        lives.deleted(Projections.CUSTOMER_ASSIGNMENTS, event.tenant(), event.segmentId());
        writer.write("delete from customer_assignment_view where tenant = ? and segment_id = ?", event.tenant(),
                event.segmentId());
    }

    @Override
    public List<String> processorTables() {
        return List.of(SegmentLives.TABLE);
    }

    /** A batch's segments' lives, read in one statement (a bulk creation of segments otherwise reads one each). */
    @Override
    public void prepare(List<? extends EventMessage<?>> batch) {
        lives.prefetch(Projections.CUSTOMER_ASSIGNMENTS, Projections.SOURCES.get(Projections.CUSTOMER_ASSIGNMENTS), batch);
    }

    @Override
    protected void forgetState() {
        lives.forget(Projections.CUSTOMER_ASSIGNMENTS);
    }

    private boolean live(String tenant, String segmentId, long generation) {
        return lives.isLive(Projections.CUSTOMER_ASSIGNMENTS, tenant, segmentId, generation);
    }

    static String legalEntity(String legalEntityId) {
        return legalEntityId == null ? NO_LEGAL_ENTITY : legalEntityId;
    }
}
