package dev.segments.query.consistency;

import dev.segments.events.assignment.CustomerAssignedEvent;
import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.assignment.CustomerUnassignedEvent;
import dev.segments.events.item.ItemAssignedEvent;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.item.ItemUnassignedEvent;
import dev.segments.events.segment.SegmentCreatedEvent;
import dev.segments.events.segment.SegmentDeletedEvent;
import dev.segments.events.segment.SegmentIdentity;
import dev.segments.events.segment.SegmentUpdatedEvent;
import dev.segments.query.Projections;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Compares every row of the projections with what their streams in the event store imply: a segment row per
 * live segment at the version of its last change; a customer or item assignment row per assignment whose
 * last event is not a removal, of a segment live in the assignment's generation, at its version; and each
 * assignment projection's record of every segment's generation and liveness; and the audit projection's current
 * segment versions (one per live segment, at its version; reported, not repaired: rebuild the audit projection to
 * mend its history). The expected rows are computed
 * in SQL from the stored events' JSON (the fields these events have carried since they were first stored;
 * a new revision of one of these event types must keep them, or update this check with its upcaster).
 *
 * <p>The comparison reads one snapshot against a fixed event-store position that every projection has
 * processed, leaving out segments with later events (they are in flux); whatever it finds is looked at once
 * more after the projections caught up again, so a divergence is reported only when it stays. Repair
 * re-projects the affected streams through the projections' own handlers ({@link Reprojection}).
 */
@Component
public class ConsistencyCheck {

    static final int MAX_LISTED = 1_000;
    private static final Duration CATCH_UP = Duration.ofSeconds(30);

    private static final String CREATED = SegmentCreatedEvent.class.getName();
    private static final String UPDATED = SegmentUpdatedEvent.class.getName();
    private static final String DELETED = SegmentDeletedEvent.class.getName();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate snapshot;
    private final EventProcessingConfiguration processing;
    private final Reprojection reprojection;

    ConsistencyCheck(JdbcTemplate jdbc, PlatformTransactionManager transactions, EventProcessingConfiguration processing,
                     Reprojection reprojection) {
        this.jdbc = jdbc;
        this.snapshot = new TransactionTemplate(transactions);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.processing = processing;
        this.reprojection = reprojection;
    }

    /** Checks every projection, of one tenant or (null) of all; with {@code repair}, re-projects what diverges. */
    public ConsistencyReport check(String tenant, boolean repair) {
        long position = caughtUpPosition();
        Comparison first = compare(tenant, position, null);
        List<Divergence> found = first.divergences();
        if (!found.isEmpty()) {
            Set<String> segments = new HashSet<>();
            found.forEach(divergence -> segments.add(divergence.tenant() + ":" + divergence.segmentId()));
            Set<Divergence> again = new HashSet<>(compare(tenant, caughtUpPosition(), segments).divergences());
            found = found.stream().filter(again::contains).toList();
        }
        long repaired = repair ? reprojection.repair(found) : 0;
        return new ConsistencyReport(tenant, position, first.checked(), found.size(),
                found.size() > MAX_LISTED ? found.subList(0, MAX_LISTED) : found, repaired);
    }

    private record Comparison(Map<String, Long> checked, List<Divergence> divergences) {
    }

    /** Compares in one snapshot, up to {@code position}, optionally only the given segments. */
    private Comparison compare(String tenant, long position, Set<String> segments) {
        return snapshot.execute(status -> {
            jdbc.execute("set local statement_timeout = 0");
            Map<String, Long> checked = new LinkedHashMap<>();
            List<Divergence> divergences = new ArrayList<>();
            Filter filter = new Filter(tenant, segments, position);
            compare(Projections.SEGMENTS, segmentsSql(filter, "segment_view"), filter, checked, divergences);
            compare(Projections.CUSTOMER_ASSIGNMENTS, assignmentsSql(filter, Assignments.CUSTOMERS), filter, checked,
                    divergences);
            compare(Projections.ITEM_ASSIGNMENTS, assignmentsSql(filter, Assignments.ITEMS), filter, checked,
                    divergences);
            // the audit projection's current segment versions: one per live segment, at its version
            compare(Projections.AUDIT, segmentsSql(filter, "segment_version"), filter, checked, divergences);
            return new Comparison(checked, divergences);
        });
    }

    private void compare(String projection, String sql, Filter filter, Map<String, Long> checked,
                         List<Divergence> divergences) {
        long[] compared = {0};
        jdbc.query(sql, rs -> {
            compared[0] = rs.getLong("compared");
            if (rs.getString("tenant") != null) {
                divergences.add(new Divergence(projection, rs.getString("tenant"), rs.getString("segment_id"),
                        rs.getString("key"), (Long) rs.getObject("expected"), (Long) rs.getObject("actual")));
            }
        }, filter.arguments(projection));
        checked.put(projection, compared[0]);
    }

    /**
     * Which events and rows a comparison looks at, and the SQL conditions for them. Every statement takes the
     * same arguments in the same order: the position, then the tenant's prefix and the segment keys where
     * they restrict.
     */
    private record Filter(String tenant, Set<String> segments, long position) {

        /** Projections compared by their segment rows only. */
        static final Set<String> SEGMENT_ROWS = Set.of(Projections.SEGMENTS, Projections.AUDIT);

        String events(String alias) {
            return alias + ".global_index <= ?" + (tenant == null ? "" : " and " + alias + ".aggregate_identifier like ?")
                    + (segments == null ? "" : " and split_part(" + alias + ".aggregate_identifier, ':', 1) || ':' || "
                    + "split_part(" + alias + ".aggregate_identifier, ':', 2) = any (?)");
        }

        String rows(String alias) {
            return (tenant == null ? "true" : alias + ".tenant = ?")
                    + (segments == null ? "" : " and " + alias + ".tenant || ':' || " + alias + ".segment_id = any (?)");
        }

        /** Arguments for: events of segments, events of assignments, rows, (lives: processor, rows), flux. */
        Object[] arguments(String projection) {
            List<Object> arguments = new ArrayList<>();
            addEvents(arguments);
            if (!SEGMENT_ROWS.contains(projection)) {
                addEvents(arguments);
            }
            addRows(arguments);
            if (!SEGMENT_ROWS.contains(projection)) {
                arguments.add(projection);
                addRows(arguments);
            }
            arguments.add(position);
            return arguments.toArray();
        }

        private void addEvents(List<Object> arguments) {
            arguments.add(position);
            if (tenant != null) {
                arguments.add(tenant + ":%");
            }
            if (segments != null) {
                arguments.add(segments.toArray(String[]::new));
            }
        }

        private void addRows(List<Object> arguments) {
            if (tenant != null) {
                arguments.add(tenant);
            }
            if (segments != null) {
                arguments.add(segments.toArray(String[]::new));
            }
        }
    }

    /** Leaves out segments with events after the position, and reports every difference plus the count. */
    private static String difference(String expected, String actual) {
        return """
                with expected as (%s),
                actual as (%s),
                flux as (select distinct split_part(aggregate_identifier, ':', 1) as tenant,
                                split_part(aggregate_identifier, ':', 2) as segment_id
                         from domain_event_entry where global_index > ?),
                compared as (
                    select coalesce(x.tenant, a.tenant) as tenant, coalesce(x.segment_id, a.segment_id) as segment_id,
                           coalesce(x.key, a.key) as key, x.version as expected, a.version as actual
                    from expected x full outer join actual a
                      on a.tenant = x.tenant and a.segment_id = x.segment_id and a.key = x.key
                    where not exists (select 1 from flux f where f.tenant = coalesce(x.tenant, a.tenant)
                                      and f.segment_id = coalesce(x.segment_id, a.segment_id)))
                select (select count(*) from compared) as compared, d.*
                from (select 1) as one
                left join (select * from compared where expected is distinct from actual) d on true
                """.formatted(expected, actual);
    }

    /** Segment rows: {@code segment_view}'s, or the audit projection's current versions ({@code segment_version}). */
    private static String segmentsSql(Filter filter, String table) {
        String expected = """
                select split_part(l.aggregate_identifier, ':', 1) as tenant,
                       split_part(l.aggregate_identifier, ':', 2) as segment_id, 'segment' as key,
                       (convert_from(l.payload, 'UTF8')::jsonb ->> 'version')::bigint as version
                from (select distinct on (e.aggregate_identifier) e.aggregate_identifier, e.payload_type, e.payload
                      from domain_event_entry e
                      where e.type = '%s' and e.payload_type in ('%s', '%s', '%s') and %s
                      order by e.aggregate_identifier, e.sequence_number desc) l
                where l.payload_type <> '%s'
                """.formatted(SegmentIdentity.AGGREGATE_TYPE, CREATED, UPDATED, DELETED, filter.events("e"), DELETED);
        String actual = "select v.tenant, v.id as segment_id, 'segment' as key, v.version from " + table + " v "
                + "where " + (table.equals("segment_version") ? "v.to_index is null and " : "")
                + filter.rows("v").replace("v.segment_id", "v.id");
        return difference(expected, actual);
    }

    /** What tells one kind of assignment apart: its aggregate type, events, table and row key. */
    private enum Assignments {
        CUSTOMERS(CustomerAssignmentIdentity.AGGREGATE_TYPE, CustomerUnassignedEvent.class.getName(),
                "'customer:' || (l.p ->> 'customerId') || coalesce(':' || (l.p ->> 'legalEntityId'), '')",
                "customer_assignment_view",
                "'customer:' || v.customer_id || coalesce(':' || nullif(v.legal_entity_id, ''), '')"),
        ITEMS(ItemAssignmentIdentity.AGGREGATE_TYPE, ItemUnassignedEvent.class.getName(),
                "'item:' || (l.p ->> 'type') || ':' || (l.p ->> 'itemId')", "item_assignment_view",
                "'item:' || v.item_type || ':' || v.item_id");

        final String aggregateType;
        final String removed;
        final String expectedKey;
        final String table;
        final String actualKey;

        Assignments(String aggregateType, String removed, String expectedKey, String table, String actualKey) {
            this.aggregateType = aggregateType;
            this.removed = removed;
            this.expectedKey = expectedKey;
            this.table = table;
            this.actualKey = actualKey;
        }
    }

    private static String assignmentsSql(Filter filter, Assignments kind) {
        String expected = """
                with segments as (
                    select e.aggregate_identifier,
                           count(*) filter (where e.payload_type = '%1$s') as generation,
                           (array_agg(e.payload_type order by e.sequence_number desc))[1] = '%1$s' as live
                    from domain_event_entry e
                    where e.type = '%2$s' and e.payload_type in ('%1$s', '%3$s') and %4$s
                    group by e.aggregate_identifier),
                last as (
                    select distinct on (e.aggregate_identifier) e.payload_type, convert_from(e.payload, 'UTF8')::jsonb as p
                    from domain_event_entry e
                    where e.type = '%5$s' and %6$s
                    order by e.aggregate_identifier, e.sequence_number desc)
                select l.p ->> 'tenant' as tenant, l.p ->> 'segmentId' as segment_id, %7$s as key,
                       (l.p ->> 'version')::bigint as version
                from last l join segments s on s.aggregate_identifier = (l.p ->> 'tenant') || ':' || (l.p ->> 'segmentId')
                     and s.live and s.generation = (l.p ->> 'generation')::bigint
                where l.payload_type <> '%8$s'
                union all
                select split_part(s.aggregate_identifier, ':', 1), split_part(s.aggregate_identifier, ':', 2),
                       case when s.live then 'life' else 'life:deleted' end, s.generation
                from segments s
                """.formatted(CREATED, SegmentIdentity.AGGREGATE_TYPE, DELETED, filter.events("e"), kind.aggregateType,
                filter.events("e"), kind.expectedKey, kind.removed);
        String actual = "select v.tenant, v.segment_id, " + kind.actualKey + " as key, v.version from " + kind.table
                + " v where " + filter.rows("v") + " union all select v.tenant, v.segment_id, case when v.live "
                + "then 'life' else 'life:deleted' end, v.generation from projection_segment_life v "
                + "where v.processor = ? and " + filter.rows("v");
        return difference(expected, actual);
    }

    /**
     * The event store's head, once every projection of this node has processed all events up to it (waiting at
     * most 30 s; past that the check goes on, and what is still in flux is left out or looked at again).
     */
    /**
     * Whether a processor's token has processed every event stored up to {@code head}: its index is there, and
     * no event is stored at one of its gaps. A gap where no event is stored is mostly the global index of an
     * append whose transaction rolled back, which Axon keeps as a gap until its gap timeout: it is no event
     * still to come, so it must not hold the check up for its whole wait.
     */
    private boolean reached(TrackingToken token, long head) {
        TrackingToken current = token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
        if (!(current instanceof GapAwareTrackingToken gapAware)) {
            return token.covers(GapAwareTrackingToken.newInstance(head, Set.of()));
        }
        if (gapAware.getIndex() < head) {
            return false;
        }
        Long[] gaps = gapAware.getGaps().headSet(head + 1).toArray(Long[]::new);
        return gaps.length == 0 || Boolean.TRUE.equals(jdbc.queryForObject("select not exists (select 1 from "
                + "domain_event_entry where global_index = any (?))", Boolean.class, (Object) gaps));
    }

    private long caughtUpPosition() {
        Long head = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class);
        Instant deadline = Instant.now().plus(CATCH_UP);
        while (Instant.now().isBefore(deadline) && !Projections.ALL.stream().allMatch(name -> processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().values().stream().map(EventTrackerStatus::getTrackingToken)
                        .allMatch(token -> token != null && reached(token, head)))
                .orElse(true))) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return head;
    }
}
