package dev.segments.query.item;

import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;
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
 * Maintains {@code item_assignment_view}; a deleted segment takes its item assignments with it, and events of
 * any other than the segment's live generation are ignored (see {@link SegmentLives}).
 */
@Component
@ProcessingGroup(Projections.ITEM_ASSIGNMENTS)
class ItemAssignmentProjection extends Projection {

    private final ItemAssignmentEntityRepository repository;
    private final SegmentLives lives;

    ItemAssignmentProjection(ItemAssignmentEntityRepository repository, SegmentLives lives,
                             BatchIsolation isolation) {
        super(repository, isolation);
        this.repository = repository;
        this.lives = lives;
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        lives.created(Projections.ITEM_ASSIGNMENTS, event.tenant(), event.segmentId());
    }

    @EventHandler
    void on(ItemAssignedEvent event) {
        if (!live(event.tenant(), event.segmentId(), event.generation())) {
            return;
        }
        ItemAssignmentEntity entity = new ItemAssignmentEntity(new ItemAssignmentEntity.Key(event.tenant(),
                event.segmentId(), event.type().name(), event.itemId()), event.assignedAt());
        entity.apply(event.mixins(), event.metadataMixins(), event.version(), event.assignedAt());
        repository.save(entity);
    }

    @EventHandler
    void on(ItemAssignmentUpdatedEvent event) {
        if (!live(event.tenant(), event.segmentId(), event.generation())) {
            return;
        }
        repository.findById(new ItemAssignmentEntity.Key(event.tenant(), event.segmentId(), event.type().name(),
                event.itemId())).ifPresent(entity -> entity.apply(event.mixins(), event.metadataMixins(),
                event.version(), event.modifiedAt()));
    }

    @EventHandler
    void on(ItemUnassignedEvent event) {
        if (!live(event.tenant(), event.segmentId(), event.generation())) {
            return;
        }
        repository.deleteById(new ItemAssignmentEntity.Key(event.tenant(), event.segmentId(), event.type().name(),
                event.itemId()));
        // a removed entity cannot be merged again: flush, so a re-assignment in the same batch inserts anew
        repository.flush();
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        lives.deleted(Projections.ITEM_ASSIGNMENTS, event.tenant(), event.segmentId());
        repository.deleteSegment(event.tenant(), event.segmentId());
    }

    @Override
    protected void forgetState() {
        lives.forget(Projections.ITEM_ASSIGNMENTS);
    }

    private boolean live(String tenant, String segmentId, long generation) {
        return lives.isLive(Projections.ITEM_ASSIGNMENTS, tenant, segmentId, generation);
    }
}
