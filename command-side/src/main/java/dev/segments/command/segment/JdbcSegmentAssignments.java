package dev.segments.command.segment;

import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Looks assignments up in {@code segment_assignment_registry}, the command side's own table of which
 * assignments exist per segment generation. The assignment features keep it in step with their events in
 * the same transaction as the append; the segment's registry row is locked first, so no assignment can be
 * added between this check and the delete.
 */
@Component
class JdbcSegmentAssignments implements SegmentAssignments {

    private final JdbcTemplate jdbc;
    private final SegmentRegistry registry;

    JdbcSegmentAssignments(JdbcTemplate jdbc, SegmentRegistry registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    @Override
    public boolean exist(String tenant, String segmentId) {
        OptionalLong generation = registry.lockForDelete(tenant, segmentId);
        return generation.isPresent() && Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from segment_assignment_registry where tenant = ? and segment_id = ? "
                        + "and generation = ?)", Boolean.class, tenant, segmentId, generation.getAsLong()));
    }
}
