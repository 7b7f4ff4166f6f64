package dev.segments.query;

import dev.segments.events.assignment.CustomerAssignmentIdentity;
import dev.segments.events.item.ItemAssignmentIdentity;
import dev.segments.events.segment.SegmentIdentity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The query side's projections by processing group: each is its own tracking processor with its own token. */
public final class Projections {

    public static final String SEGMENTS = "segment-projection";
    public static final String CUSTOMER_ASSIGNMENTS = "customer-assignment-projection";
    public static final String ITEM_ASSIGNMENTS = "item-assignment-projection";
    /** The audit history and every version of segments and assignments with its validity interval. */
    public static final String AUDIT = "segment-audit-projection";
    public static final List<String> ALL = List.of(SEGMENTS, CUSTOMER_ASSIGNMENTS, ITEM_ASSIGNMENTS, AUDIT);

    /**
     * The PostgreSQL {@code application_name} of every projection transaction while it runs. Projections only
     * write read models, never events, so the event store's readers need not wait for them (see the app's
     * {@code PostgresEventStatements}).
     */
    public static final String APPLICATION_NAME = "segment-service-projection";

    /** Whose events each projection depends on, by aggregate type; every other event is a no-op for it. */
    public static final Map<String, Set<String>> SOURCES = Map.of(
            SEGMENTS, Set.of(SegmentIdentity.AGGREGATE_TYPE),
            CUSTOMER_ASSIGNMENTS, Set.of(SegmentIdentity.AGGREGATE_TYPE, CustomerAssignmentIdentity.AGGREGATE_TYPE),
            ITEM_ASSIGNMENTS, Set.of(SegmentIdentity.AGGREGATE_TYPE, ItemAssignmentIdentity.AGGREGATE_TYPE),
            AUDIT, Set.of(SegmentIdentity.AGGREGATE_TYPE, CustomerAssignmentIdentity.AGGREGATE_TYPE,
                    ItemAssignmentIdentity.AGGREGATE_TYPE));

    private Projections() {
    }
}
