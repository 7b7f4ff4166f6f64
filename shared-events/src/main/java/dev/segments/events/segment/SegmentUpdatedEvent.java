package dev.segments.events.segment;

import java.time.Instant;

/** A live segment's details were replaced or patched; carries the complete new details and version. */
public record SegmentUpdatedEvent(String tenant, String segmentId, SegmentDetails details, long version,
                                  Instant modifiedAt) {
}
