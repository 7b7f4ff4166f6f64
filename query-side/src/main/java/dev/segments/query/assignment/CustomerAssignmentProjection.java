package dev.segments.query.assignment;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.query.Projection;
import dev.segments.query.Projections;
import dev.segments.query.SegmentLives;
import dev.segments.query.processing.BatchIsolation;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Maintains {@code customer_assignment_view}. A deleted segment takes its assignments with it (a delete
 * without force only happens when there are none), and events of any other than the segment's live generation
 * are ignored, so a segment created again starts empty.
 */
@Component
@ProcessingGroup(Projections.CUSTOMER_ASSIGNMENTS)
class CustomerAssignmentProjection extends Projection {

    static final String MANUAL = "MANUAL";

    private final CustomerAssignmentEntityRepository repository;
    private final SegmentLives lives;

    CustomerAssignmentProjection(CustomerAssignmentEntityRepository repository, SegmentLives lives,
                                 BatchIsolation isolation) {
        super(repository, isolation);
        this.repository = repository;
        this.lives = lives;
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        lives.created(Projections.CUSTOMER_ASSIGNMENTS, event.tenant(), event.segmentId());
    }

    @EventHandler
    void on(CustomerAssignedEvent event) {
        if (!live(event.tenant(), event.segmentId(), event.generation())) {
            return;
        }
        CustomerAssignmentEntity entity = new CustomerAssignmentEntity(CustomerAssignmentEntity.Key.of(event.tenant(),
                event.segmentId(), event.customerId(), event.legalEntityId()), MANUAL, event.assignedAt());
        entity.apply(event.mixins(), event.metadataMixins(), event.version(), event.assignedAt());
        repository.save(entity);
    }

    @EventHandler
    void on(CustomerAssignmentUpdatedEvent event) {
        if (!live(event.tenant(), event.segmentId(), event.generation())) {
            return;
        }
        repository.findById(CustomerAssignmentEntity.Key.of(event.tenant(), event.segmentId(), event.customerId(),
                event.legalEntityId())).ifPresent(entity -> entity.apply(event.mixins(), event.metadataMixins(),
                event.version(), event.modifiedAt()));
    }

    @EventHandler
    void on(CustomerUnassignedEvent event) {
        if (!live(event.tenant(), event.segmentId(), event.generation())) {
            return;
        }
        repository.deleteById(CustomerAssignmentEntity.Key.of(event.tenant(), event.segmentId(), event.customerId(),
                event.legalEntityId()));
        // a removed entity cannot be merged again: flush, so a re-assignment in the same batch inserts anew
        repository.flush();
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        lives.deleted(Projections.CUSTOMER_ASSIGNMENTS, event.tenant(), event.segmentId());
        repository.deleteSegment(event.tenant(), event.segmentId());
    }

    @Override
    protected void forgetState() {
        lives.forget(Projections.CUSTOMER_ASSIGNMENTS);
    }

    private boolean live(String tenant, String segmentId, long generation) {
        return lives.isLive(Projections.CUSTOMER_ASSIGNMENTS, tenant, segmentId, generation);
    }
}
