package dev.segments.query.item;

import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.query.Projection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/** Maintains {@code item_assignment_view}; a deleted segment takes its item assignments with it. */
@Component
@ProcessingGroup(ItemAssignmentProjection.PROCESSING_GROUP)
class ItemAssignmentProjection extends Projection {

    static final String PROCESSING_GROUP = "item-assignment-projection";

    private final ItemAssignmentEntityRepository repository;

    ItemAssignmentProjection(ItemAssignmentEntityRepository repository) {
        super(repository);
        this.repository = repository;
    }

    @EventHandler
    void on(ItemAssignedEvent event) {
        ItemAssignmentEntity entity = new ItemAssignmentEntity(new ItemAssignmentEntity.Key(event.tenant(),
                event.segmentId(), event.type().name(), event.itemId()), event.assignedAt());
        entity.apply(event.mixins(), event.metadataMixins(), event.version(), event.assignedAt());
        repository.save(entity);
    }

    @EventHandler
    void on(ItemAssignmentUpdatedEvent event) {
        repository.findById(new ItemAssignmentEntity.Key(event.tenant(), event.segmentId(), event.type().name(),
                event.itemId())).ifPresent(entity -> entity.apply(event.mixins(), event.metadataMixins(),
                event.version(), event.modifiedAt()));
    }

    @EventHandler
    void on(ItemUnassignedEvent event) {
        repository.deleteById(new ItemAssignmentEntity.Key(event.tenant(), event.segmentId(), event.type().name(),
                event.itemId()));
        // a removed entity cannot be merged again: flush, so a re-assignment in the same batch inserts anew
        repository.flush();
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        repository.deleteSegment(event.tenant(), event.segmentId());
    }
}
