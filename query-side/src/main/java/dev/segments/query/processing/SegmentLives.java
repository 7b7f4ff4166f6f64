package dev.segments.query.processing;

import dev.segments.events.segment.SegmentIdentity;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
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

    /**
     * Reads at once what the batch does not know yet of the segments its events belong to (by aggregate
     * identifier, among the given aggregate types: nothing is deserialized), so that each segment costs no round
     * trip of its own when its events come. Only a warmer cache: a segment is read as the lookup of its first
     * event would read it, and one not stored yet is remembered as never created.
     */
    public void prefetch(String processor, Set<String> aggregateTypes, List<? extends EventMessage<?>> batch) {
        Map<String, Life> known = writer.cache(SegmentLives.class.getName());
        Set<SegmentIdentity> wanted = new LinkedHashSet<>();
        for (EventMessage<?> event : batch) {
            if (event instanceof DomainEventMessage<?> domainEvent && aggregateTypes.contains(domainEvent.getType())) {
                SegmentIdentity segment = SegmentIdentity.ofAggregate(domainEvent.getAggregateIdentifier());
                if (!known.containsKey(key(processor, segment.tenant(), segment.segmentId()))) {
                    wanted.add(segment);
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<String> tenants = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        wanted.forEach(segment -> {
            tenants.add(segment.tenant());
            ids.add(segment.segmentId());
            known.put(key(processor, segment.tenant(), segment.segmentId()), new Life(0, false));
        });
        writer.jdbc().query(connection -> {
            PreparedStatement statement = connection.prepareStatement("select tenant, segment_id, generation, live "
                    + "from projection_segment_life where processor = ? and (tenant, segment_id) in "
                    + "(select * from unnest(cast(? as varchar[]), cast(? as varchar[])))");
            statement.setString(1, processor);
            statement.setArray(2, connection.createArrayOf("varchar", tenants.toArray()));
            statement.setArray(3, connection.createArrayOf("varchar", ids.toArray()));
            return statement;
        }, rs -> {
            known.put(key(processor, rs.getString(1), rs.getString(2)), new Life(rs.getLong(3), rs.getBoolean(4)));
        });
    }

    /** Forgets everything the processor knew, when it is reset to rebuild from the event store. */
    public void forget(String processor) {
        writer.jdbc().update("delete from projection_segment_life where processor = ?", processor);
    }

    private Life life(String processor, String tenant, String segmentId) {
        Map<String, Life> known = writer.cache(SegmentLives.class.getName());
        return known.computeIfAbsent(key(processor, tenant, segmentId), key -> {
            List<Life> found = writer.jdbc().query("select generation, live from projection_segment_life "
                            + "where processor = ? and tenant = ? and segment_id = ?",
                    (rs, row) -> new Life(rs.getLong(1), rs.getBoolean(2)), processor, tenant, segmentId);
            return found.isEmpty() ? new Life(0, false) : found.get(0);
        });
    }

    private void remember(String processor, String tenant, String segmentId, Life life) {
        writer.<String, Life>cache(SegmentLives.class.getName()).put(key(processor, tenant, segmentId), life);
        writer.write("insert into projection_segment_life (processor, tenant, segment_id, generation, live) "
                + "values (?, ?, ?, ?, ?) on conflict (processor, tenant, segment_id) do update set "
                + "generation = excluded.generation, live = excluded.live", processor, tenant, segmentId,
                life.generation(), life.live());
    }

    private static String key(String processor, String tenant, String segmentId) {
        return processor + ":" + tenant + ":" + segmentId;
    }
}
