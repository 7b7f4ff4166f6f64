package dev.segments.command.segment;

import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code segment_registry} in step with segment events. Its processing group is a subscribing
 * processor, so these updates run in the command's own transaction: the registry commits or rolls back
 * together with the events.
 */
@Component
@ProcessingGroup(SegmentRegistryUpdater.PROCESSING_GROUP)
class SegmentRegistryUpdater {

    static final String PROCESSING_GROUP = "segment-registry";

    private final JdbcTemplate jdbc;

    SegmentRegistryUpdater(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SegmentCreatedEvent event) {
        jdbc.update("insert into segment_registry (tenant, segment_id, generation, live) values (?, ?, 1, true) "
                + "on conflict (tenant, segment_id) do update set generation = segment_registry.generation + 1, "
                + "live = true", event.tenant(), event.segmentId());
    }

    @EventHandler
    void on(SegmentDeletedEvent event) {
        jdbc.update("update segment_registry set live = false where tenant = ? and segment_id = ?",
                event.tenant(), event.segmentId());
    }
}
