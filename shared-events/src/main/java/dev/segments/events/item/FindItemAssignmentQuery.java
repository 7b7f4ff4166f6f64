package dev.segments.events.item;

import java.time.Instant;

/**
 * One item assignment of a segment. With {@code asOf}, as it was at that instant (the audit projection's
 * versions); null: now.
 */
public record FindItemAssignmentQuery(String tenant, String segmentId, ItemType type, String itemId, Instant asOf) {

    /** The current state (no {@code asOf}). */
    public FindItemAssignmentQuery(String tenant, String segmentId, ItemType type, String itemId) {
        this(tenant, segmentId, type, itemId, null);
    }
}
