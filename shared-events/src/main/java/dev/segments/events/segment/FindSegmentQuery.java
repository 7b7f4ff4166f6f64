package dev.segments.events.segment;

/** One segment of a tenant by id; answered with a {@link SegmentResponse} or nothing when unknown. */
public record FindSegmentQuery(String tenant, String segmentId) {
}
