package dev.segments.query.processing;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What an assignment projection knows of the segments: their generation (how many times the id was created)
 * and whether they are live. Assignment events carry the generation they were written in; an event of a
 * generation that is not the segment's live one is ignored, so a segment created again starts empty even if
 * an event of its earlier life ever came after its deletion. Kept per processor in
 * {@code projection_segment_life}, in the processor's own transaction, because each projection is at its own
 * position in the event stream; remembered for the rest of a batch once read.
 */
@Component
public class SegmentLives {

    /** Where the lives are kept: a table shared by the assignment projections, rows keyed by processor. */
    public static final String TABLE = "projection_segment_life";

    private final ProjectionWriter writer;

    SegmentLives(ProjectionWriter writer) {
        this.writer = writer;
    }

    private record Life(long generation, boolean live) {
    }

    public void created(String processor, String tenant, String segmentId) {
        Life life = new Life(life(processor, tenant, segmentId).generation() + 1, true);
        remember(processor, tenant, segmentId, life);
    }

    public void deleted(String processor, String tenant, String segmentId) {
        Life life = life(processor, tenant, segmentId);
        if (life.live()) {
            remember(processor, tenant, segmentId, new Life(life.generation(), false));
        }
    }

    /** Whether the segment is live in the given generation. */
    public boolean isLive(String processor, String tenant, String segmentId, long generation) {
        Life life = life(processor, tenant, segmentId);
        return life.live() && life.generation() == generation;
    }

    /** The segment's generation as far as the processor has seen: 0 before its first creation. */
    public long generation(String processor, String tenant, String segmentId) {
        return life(processor, tenant, segmentId).generation();
    }

    /** Forgets everything the processor knew, when it is reset to rebuild from the event store. */
    public void forget(String processor) {
        writer.jdbc().update("delete from projection_segment_life where processor = ?", processor);
    }

    private Life life(String processor, String tenant, String segmentId) {
        Map<String, Life> known = writer.cache(SegmentLives.class.getName());
        return known.computeIfAbsent(processor + ":" + tenant + ":" + segmentId, key -> {
            List<Life> found = writer.jdbc().query("select generation, live from projection_segment_life "
                            + "where processor = ? and tenant = ? and segment_id = ?",
                    (rs, row) -> new Life(rs.getLong(1), rs.getBoolean(2)), processor, tenant, segmentId);
            return found.isEmpty() ? new Life(0, false) : found.get(0);
        });
    }

    private void remember(String processor, String tenant, String segmentId, Life life) {
        writer.<String, Life>cache(SegmentLives.class.getName()).put(processor + ":" + tenant + ":" + segmentId, life);
        writer.write("insert into projection_segment_life (processor, tenant, segment_id, generation, live) "
                + "values (?, ?, ?, ?, ?) on conflict (processor, tenant, segment_id) do update set "
                + "generation = excluded.generation, live = excluded.live", processor, tenant, segmentId,
                life.generation(), life.live());
    }
}
