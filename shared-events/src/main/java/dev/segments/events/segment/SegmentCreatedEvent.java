package dev.segments.events.segment;

import java.time.Instant;

/** A segment came into existence (again, if its id was used by a segment deleted earlier); version is 1. */
public record SegmentCreatedEvent(String tenant, String segmentId, SegmentDetails details, long version,
                                  Instant createdAt) {
}
