package dev.segments.events.assignment;

import java.time.Instant;

import dev.segments.events.segment.SegmentMembership;

/**
 * A page of a segment's customer assignments filtered by {@code q} and ordered by {@code sort}. With a
 * membership (customer tokens), only that customer's own assignments of an active segment.
 * With {@code asOf}, as it was at that instant (the audit projection's versions); null: now.
 */
public record FindCustomerAssignmentsQuery(String tenant, String segmentId, String q, String sort, int pageNumber,
                                           int pageSize, boolean withTotal, SegmentMembership membership,
                                           Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindCustomerAssignmentsQuery(String tenant, String segmentId, String q, String sort, int pageNumber,
                                           int pageSize, boolean withTotal, SegmentMembership membership) {
        this(tenant, segmentId, q, sort, pageNumber, pageSize, withTotal, membership, null);
    }
}
