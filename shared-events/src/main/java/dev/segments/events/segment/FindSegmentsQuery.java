package dev.segments.events.segment;

import java.time.Instant;

/**
 * A page of a tenant's segments filtered by the platform's {@code q} language and ordered by {@code sort}
 * (both unparsed; the query side validates them), optionally restricted to a customer's memberships.
 * {@code pageNumber} is 1-based.
 * With {@code asOf}, as it was at that instant (the audit projection's versions); null: now.
 */
public record FindSegmentsQuery(String tenant, String q, String sort, int pageNumber, int pageSize,
                                boolean withTotal, SegmentMembership membership, Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindSegmentsQuery(String tenant, String q, String sort, int pageNumber, int pageSize,
                                boolean withTotal, SegmentMembership membership) {
        this(tenant, q, sort, pageNumber, pageSize, withTotal, membership, null);
    }
}
