package dev.segments.query.assignment;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentUpdatedEvent;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.query.Projection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Maintains {@code customer_assignment_view}. A deleted segment takes its assignments with it (a delete
 * without force only happens when there are none), so a segment created again later starts empty.
 */
@Component
@ProcessingGroup(CustomerAssignmentProjection.PROCESSING_GROUP)
class CustomerAssignmentProjection extends Projection {

    static final String PROCESSING_GROUP = "customer-assignment-projection";
    static final String MANUAL = "MANUAL";

    private final CustomerAssignmentEntityRepository repository;

    CustomerAssignmentProjection(CustomerAssignmentEntityRepository repository) {
        super(repository);
        this.repository = repository;
    }

    @EventHandler
    void on(CustomerAssignedEvent event) {
        CustomerAssignmentEntity entity = new CustomerAssignmentEntity(CustomerAssignmentEntity.Key.of(event.tenant(),
                event.segmentId(), event.customerId(), event.legalEntityId()), MANUAL, event.assignedAt());
        entity.apply(event.mixins(), event.metadataMixins(), event.version(), event.assignedAt());
        repository.save(entity);
    }

    @EventHandler
    void on(CustomerAssignmentUpdatedEvent event) {
        repository.findById(CustomerAssignmentEntity.Key.of(event.tenant(), event.segmentId(), event.customerId(),
                event.legalEntityId())).ifPresent(entity -> entity.apply(event.mixins(), event.metadataMixins(),
                event.version(), event.modifiedAt()));
    }

    @EventHandler
    void on(CustomerUnassignedEvent event) {
        repository.deleteById(CustomerAssignmentEntity.Key.of(event.tenant(), event.segmentId(), event.customerId(),
                event.legalEntityId()));
        // a removed entity cannot be merged again: flush, so a re-assignment in the same batch inserts anew
        repository.flush();
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        repository.deleteSegment(event.tenant(), event.segmentId());
    }
}
