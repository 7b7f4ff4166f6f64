package dev.segments.command.segment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Looks assignments up in {@code segment_assignment_registry}, the command side's own table of which
 * assignments exist. The assignment features keep it in step with their events in the same transaction as
 * the append, so this check is exact rather than eventually consistent.
 */
@Component
class JdbcSegmentAssignments implements SegmentAssignments {

    private final JdbcTemplate jdbc;

    JdbcSegmentAssignments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean exist(String tenant, String segmentId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from segment_assignment_registry where tenant = ? and segment_id = ?)",
                Boolean.class, tenant, segmentId));
    }
}
