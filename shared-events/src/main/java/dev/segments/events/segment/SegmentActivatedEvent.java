package dev.segments.events.segment;

import java.time.Instant;

/**
 * A live segment became active: its status is ACTIVE and {@code activatedAt} lies inside its validity window,
 * and it was not active before. Recorded by the write that made it so (in the same command) or, when its
 * validity window opens with no request at all, by the segment's scheduled validity boundary. Does not change
 * the segment's version: nothing a client controls changed.
 */
public record SegmentActivatedEvent(String tenant, String segmentId, Instant activatedAt) {
}
