package dev.segments.command.segment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Looks assignments up in {@code segment_assignment_registry}, the command side's own table of which
 * assignments exist per segment generation. The assignment features keep it in step with their events in
 * the same transaction as the append; a delete locks the segment's registry row first, so no assignment can
 * be added between this check and the delete.
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
    public void lockForDelete(String tenant, String segmentId) {
        registry.lockForDelete(tenant, segmentId);
    }

    @Override
    public boolean exist(String tenant, String segmentId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from segment_assignment_registry a "
                + "join segment_registry s on s.tenant = a.tenant and s.segment_id = a.segment_id "
                + "and s.generation = a.generation where s.tenant = ? and s.segment_id = ?)", Boolean.class,
                tenant, segmentId));
    }
}
