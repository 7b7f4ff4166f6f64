package dev.segments.events.item;

import java.time.Instant;

/** One item assignment of a segment. */
public record FindItemAssignmentQuery(String tenant, String segmentId, ItemType type, String itemId, Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindItemAssignmentQuery(String tenant, String segmentId, ItemType type, String itemId) {
        this(tenant, segmentId, type, itemId, null);
    }
}
