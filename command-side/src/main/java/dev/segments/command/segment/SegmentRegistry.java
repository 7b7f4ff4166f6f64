package dev.segments.command.segment;

import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The command side's table of which segments are live and in which generation (how many times the id was
 * created). Kept in step with segment events in the same transaction as the append (see
 * {@link SegmentRegistryUpdater}), so it is exact, unlike the projections. Row locks on it order the
 * set-based rules: an assignment holds a shared lock while it is written, a delete an exclusive one while
 * it checks for assignments, so the two can never both succeed.
 */
@Component
public class SegmentRegistry {

    private final JdbcTemplate jdbc;

    SegmentRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The generation of a live segment, for addressing its assignments; empty when absent or deleted. */
    public OptionalLong liveGeneration(String tenant, String segmentId) {
        List<Long> found = jdbc.queryForList("select generation from segment_registry where tenant = ? "
                + "and segment_id = ? and live", Long.class, tenant, segmentId);
        return found.isEmpty() ? OptionalLong.empty() : OptionalLong.of(found.get(0));
    }

    /**
     * Inside a command's transaction: whether the segment is live in the given generation, holding a shared
     * lock on its row until the transaction ends so that it cannot be deleted meanwhile.
     */
    public boolean lockLive(String tenant, String segmentId, long generation) {
        return !jdbc.queryForList("select 1 from segment_registry where tenant = ? and segment_id = ? "
                + "and generation = ? and live for share", Integer.class, tenant, segmentId, generation).isEmpty();
    }

    /** Inside a delete's transaction: locks the segment's row exclusively until the transaction ends. */
    void lockForDelete(String tenant, String segmentId) {
        jdbc.query("select 1 from segment_registry where tenant = ? and segment_id = ? for update", rs -> {
        }, tenant, segmentId);
    }
}
