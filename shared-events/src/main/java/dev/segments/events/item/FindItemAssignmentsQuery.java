package dev.segments.events.item;

import dev.segments.events.segment.SegmentMembership;
import java.time.Instant;

/**
 * A page of item assignments: of one segment, or of all segments when {@code segmentId} is null, optionally
 * only of segments of a site, of segments active at {@code activeAt}, and of segments the membership's
 * customer belongs to.
 * With {@code asOf}, as it was at that instant (the audit projection's versions); null: now.
 */
public record FindItemAssignmentsQuery(String tenant, String segmentId, String q, String sort, int pageNumber,
                                       int pageSize, boolean withTotal, String siteCode, Instant activeAt,
                                       SegmentMembership membership, Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindItemAssignmentsQuery(String tenant, String segmentId, String q, String sort, int pageNumber,
                                       int pageSize, boolean withTotal, String siteCode, Instant activeAt,
                                       SegmentMembership membership) {
        this(tenant, segmentId, q, sort, pageNumber, pageSize, withTotal, siteCode, activeAt, membership, null);
    }
}
