package dev.segments.events.segment;

import java.time.Instant;

/**
 * A segment stopped being active: a write changed its status or validity, it was deleted while active, or its
 * validity window closed (raised by the scheduled boundary). The counterpart of {@link SegmentActivatedEvent}.
 */
public record SegmentDeactivatedEvent(String tenant, String segmentId, Instant deactivatedAt) {
}
