package dev.segments.query.item;

import static dev.segments.query.processing.ProjectionWriter.json;
import static dev.segments.query.processing.ProjectionWriter.timestamp;

import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentUpdatedEvent;
import dev.segments.events.item.ItemUnassignedEvent;
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
 * Maintains {@code item_assignment_view}; a deleted segment takes its item assignments with it, and events of
 * any other than the segment's live generation are ignored (see {@link SegmentLives}).
 */
@Component
@ProcessingGroup(Projections.ITEM_ASSIGNMENTS)
class ItemAssignmentProjection extends Projection {

    private static final String ASSIGN = """
            insert into item_assignment_view (tenant, segment_id, item_type, item_id, mixins, metadata_mixins,
                version, created_at, modified_at)
            values (?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), ?, ?, ?)
            on conflict (tenant, segment_id, item_type, item_id) do update set mixins = excluded.mixins,
                metadata_mixins = excluded.metadata_mixins, version = excluded.version,
                created_at = excluded.created_at, modified_at = excluded.modified_at""";
    private static final String UPDATE = """
            update item_assignment_view set mixins = cast(? as jsonb), metadata_mixins = cast(? as jsonb),
                version = ?, modified_at = ?
            where tenant = ? and segment_id = ? and item_type = ? and item_id = ?""";

    private final SegmentLives lives;

    ItemAssignmentProjection(ProjectionWriter writer, SegmentLives lives, BatchIsolation isolation) {
        super(writer, isolation, "item_assignment_view");
        this.lives = lives;
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        lives.created(Projections.ITEM_ASSIGNMENTS, event.tenant(), event.segmentId());
    }

    @EventHandler
    void on(ItemAssignedEvent event) {
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(ASSIGN, event.tenant(), event.segmentId(), event.type().name(), event.itemId(),
                    json(event.mixins()), json(event.metadataMixins()), event.version(),
                    timestamp(event.assignedAt()), timestamp(event.assignedAt()));
        }
    }

    @EventHandler
    void on(ItemAssignmentUpdatedEvent event) {
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write(UPDATE, json(event.mixins()), json(event.metadataMixins()), event.version(),
                    timestamp(event.modifiedAt()), event.tenant(), event.segmentId(), event.type().name(),
                    event.itemId());
        }
    }

    @EventHandler
    void on(ItemUnassignedEvent event) {
        if (live(event.tenant(), event.segmentId(), event.generation())) {
            writer.write("delete from item_assignment_view where tenant = ? and segment_id = ? and item_type = ? "
                    + "and item_id = ?", event.tenant(), event.segmentId(), event.type().name(), event.itemId());
        }
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        lives.deleted(Projections.ITEM_ASSIGNMENTS, event.tenant(), event.segmentId());
        writer.write("delete from item_assignment_view where tenant = ? and segment_id = ?", event.tenant(),
                event.segmentId());
    }

    @Override
    public List<String> processorTables() {
        return List.of(SegmentLives.TABLE);
    }

    /** A batch's segments' lives, read in one statement (a bulk creation of segments otherwise reads one each). */
    @Override
    public void prepare(List<? extends EventMessage<?>> batch) {
        lives.prefetch(Projections.ITEM_ASSIGNMENTS, Projections.SOURCES.get(Projections.ITEM_ASSIGNMENTS), batch);
    }

    @Override
    protected void forgetState() {
        lives.forget(Projections.ITEM_ASSIGNMENTS);
    }

    private boolean live(String tenant, String segmentId, long generation) {
        return lives.isLive(Projections.ITEM_ASSIGNMENTS, tenant, segmentId, generation);
    }
}
