package dev.segments.events.item;

import java.time.Instant;

/** An item's assignment to a segment was removed. */
public record ItemUnassignedEvent(String tenant, String segmentId, long generation, ItemType type, String itemId,
                                  Instant unassignedAt) {
}
