package dev.segments.events.segment;

import java.time.Instant;

/** A segment was deleted; {@code forced} tells that its assignments were removed with it. */
public record SegmentDeletedEvent(String tenant, String segmentId, boolean forced, Instant deletedAt) {
}
