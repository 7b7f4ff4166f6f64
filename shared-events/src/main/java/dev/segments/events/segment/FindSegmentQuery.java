package dev.segments.events.segment;

/**
 * One segment of a tenant by id, optionally only if the membership allows it; answered with a
 * {@link SegmentResponse} or nothing.
 */
public record FindSegmentQuery(String tenant, String segmentId, SegmentMembership membership) {
}
