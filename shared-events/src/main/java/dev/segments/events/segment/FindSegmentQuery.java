package dev.segments.events.segment;

import java.time.Instant;

/**
 * One segment of a tenant by id, optionally only if the membership allows it; answered with a
 * {@link SegmentResponse} or nothing.
 * With {@code asOf}, as it was at that instant (the audit projection's versions); null: now.
 */
public record FindSegmentQuery(String tenant, String segmentId, SegmentMembership membership, Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindSegmentQuery(String tenant, String segmentId, SegmentMembership membership) {
        this(tenant, segmentId, membership, null);
    }
}
