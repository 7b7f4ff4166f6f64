package dev.segments.query.segment;

import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.query.Projection;
import dev.segments.query.Projections;
import dev.segments.query.processing.BatchIsolation;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Maintains {@code segment_view} from segment events. Runs in the {@code segment-projection} tracking
 * processor, whose token commits in the same transaction as these writes, so a restart resumes exactly
 * where it stopped and a reset rebuilds the table from the event store.
 */
@Component
@ProcessingGroup(Projections.SEGMENTS)
class SegmentProjection extends Projection {

    private final SegmentEntityRepository repository;

    SegmentProjection(SegmentEntityRepository repository, BatchIsolation isolation) {
        super(repository, isolation);
        this.repository = repository;
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        SegmentEntity entity = new SegmentEntity(event.tenant(), event.segmentId(), event.createdAt());
        entity.apply(event.details(), event.version(), event.createdAt());
        repository.save(entity);
    }

    @EventHandler
    void on(SegmentUpdatedEvent event) {
        repository.findById(new SegmentEntity.Key(event.tenant(), event.segmentId()))
                .ifPresent(entity -> entity.apply(event.details(), event.version(), event.modifiedAt()));
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        repository.deleteById(new SegmentEntity.Key(event.tenant(), event.segmentId()));
        // a removed entity cannot be merged again: flush, so a re-creation in the same batch inserts anew
        repository.flush();
    }
}
